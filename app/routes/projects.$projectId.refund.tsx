/**
 * The refund of overpaid co-financing of one project: the basis line by line from the accepted
 * reports (app/domain/refund.ts), and for a manager, confirming the claim once the final report
 * is accepted, then marking it paid. Nothing is claimed automatically.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { can } from "~/domain/permissions";
import { getProject } from "~/models/project.server";
import { claimRefund, markRefundPaid, refundView } from "~/models/report.server";
import { refundClaimSchema, refundPaidSchema } from "~/schemas/report-review";
import { todayInHelsinki } from "~/domain/clock";
import { formatDay } from "~/domain/days";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/format";
import { HvFormShell, TextArea, TextField, useHvForm } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("refund.page", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const projectId = requireId(params.projectId);
  const db = getDb();
  const project = await getProject(db, viewer, projectId);
  if (!project) notFound();
  const view = await refundView(db, projectId);
  return json({
    projectId,
    shortName: project.short_name,
    view,
    today: formatDay(todayInHelsinki()),
    canWrite: can(viewer, "project:write"),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  if (!can(viewer, "project:write")) forbidden(request);
  const projectId = requireId(params.projectId);
  const db = getDb();
  if (!(await getProject(db, viewer, projectId))) notFound();
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "paid") {
    const parsed = await parseForm(request, refundPaidSchema);
    if (!parsed.ok) return parsed.response;
    const revision = requireRevision(parsed.values);
    if (!revision.ok) return revision.response;
    const done = await withInputErrors(parsed.values, () => markRefundPaid(db, actorOf(viewer), projectId, parsed.data.paidOn, revision.revision));
    if (!done.ok) return done.response;
    return redirectWithFlash(`/projects/${projectId}/refund`, { key: "refund.markedPaid" });
  }
  const parsed = await parseForm(request, refundClaimSchema);
  if (!parsed.ok) return parsed.response;
  const done = await withInputErrors(parsed.values, () => claimRefund(db, actorOf(viewer), projectId, parsed.data.claimedOn, parsed.data.note));
  if (!done.ok) return done.response;
  return redirectWithFlash(`/projects/${projectId}/refund`, { key: "refund.claimed" });
}

export default function RefundPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const v = d.view;
  const b = v?.claim?.basis ?? v?.basis;
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${d.projectId}#reports`}>{d.shortName}</Link>
      </p>
      <h1>{t("refund.page", { name: d.shortName })}</h1>
      <p className="hint">{t("refund.rule")}</p>
      {!v || !b ? (
        <p>{t("report.lastAccepted.none")}</p>
      ) : (
        <>
          {!v.final ? <p className="notice warn">{t("refund.preliminary")}</p> : null}
          <DataTable
            label={t("refund.table")}
            columns={[
              { label: t("refund.col.kind") },
              { label: t("refund.col.planned"), numeric: true },
              { label: t("refund.col.realised"), numeric: true },
              { label: t("refund.col.eligible"), numeric: true },
            ]}
          >
            <tbody>
              {b.lines.map((l) => (
                <tr key={l.kind}>
                  <th scope="row">{t(`costKind.${l.kind}`)}</th>
                  <td className="num">{l.plannedCents === null ? t("report.cost.unknown") : <Money cents={l.plannedCents} />}</td>
                  <td className="num">
                    <Money cents={l.realisedCents} />
                  </td>
                  <td className="num">
                    <Money cents={l.eligibleCents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <dl className="facts">
            <dt>{t("refund.realised")}</dt>
            <dd>
              <Money cents={b.realisedCents} />
            </dd>
            <dt>{t("refund.eligible")}</dt>
            <dd>
              <Money cents={b.eligibleCents} />
            </dd>
            <dt>{t("refund.budget")}</dt>
            <dd>
              <Money cents={b.budgetCents} />
            </dd>
            <dt>{t("refund.commitment")}</dt>
            <dd>
              <Money cents={b.commitmentCents} />
            </dd>
            <dt>{t("refund.due")}</dt>
            <dd>
              <Money cents={b.dueCents} />
            </dd>
            <dt>{t("refund.paid")}</dt>
            <dd>
              <Money cents={b.paidCents} />
            </dd>
            <dt>{t("refund.overpaid")}</dt>
            <dd>
              <strong data-testid="overpaid">
                <Money cents={b.overpaidCents} />
              </strong>
            </dd>
          </dl>
          {v.claim ? (
            <p className="notice">
              {v.claim.status === "paid"
                ? t("refund.status.paid", { claimedDay: v.claim.claimedOn, paidDay: v.claim.paidOn ?? "", amountCents: v.claim.amountCents })
                : t("refund.status.claimed", { claimedDay: v.claim.claimedOn, amountCents: v.claim.amountCents })}
            </p>
          ) : b.overpaidCents === 0 ? (
            <p>{t("refund.none")}</p>
          ) : null}
          {d.canWrite && v.final && !v.claim && b.overpaidCents > 0 ? <ClaimForm today={d.today} /> : null}
          {d.canWrite && v.claim && v.claim.status === "claimed" ? <PaidForm today={d.today} revision={v.claim.revision} /> : null}
        </>
      )}
    </>
  );
}

function ClaimForm({ today }: { today: string }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: refundClaimSchema, values: { claimedOn: today, note: "" }, actionData });
  return (
    <section aria-labelledby="claim">
      <h2 id="claim">{t("refund.claim")}</h2>
      <HvFormShell form={form} narrow submitLabel={t("refund.claim")}>
        <input type="hidden" name="intent" value="claim" />
        <TextField name="claimedOn" label={t("refund.claimedOn")} required hint={t("common.dayHint")} />
        <TextArea name="note" label={t("refund.note")} />
      </HvFormShell>
    </section>
  );
}

function PaidForm({ today, revision }: { today: string; revision: number }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const form = useHvForm({ schema: refundPaidSchema, values: { paidOn: today }, actionData });
  return (
    <section aria-labelledby="paid">
      <h2 id="paid">{t("refund.markPaid")}</h2>
      <HvFormShell form={form} narrow submitLabel={t("refund.markPaid")}>
        <input type="hidden" name="intent" value="paid" />
        <input type="hidden" name="revision" value={revision} />
        <TextField name="paidOn" label={t("refund.paidOn")} required hint={t("common.dayHint")} />
      </HvFormShell>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
