/**
 * Editing a pending change request (by whoever filed it, or a manager): its own fields and the
 * proposed plan. The version token (the request's revision) guards against lost updates; a
 * decided or withdrawn request is not edited (409).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { getChangeRequestView, updateChangeRequest } from "~/models/change-request.server";
import { changeRequestSchema } from "~/schemas/change-request";
import { planValues } from "~/schemas/values";
import { can, type Viewer } from "~/domain/permissions";
import { formatDay, yearsOf } from "~/domain/days";
import { HvFormShell, useHvForm } from "~/components/form";
import { ChangeRequestFields } from "~/components/change-request-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => `${data.shortName} – ${t("changeRequest.edit.title")}`);

async function editable(request: Request, viewer: Viewer, id: number) {
  const view = await getChangeRequestView(getDb(), viewer, id);
  if (!view) notFound();
  if (!can(viewer, "project:write") && view.people.createdByUserId !== viewer.userId) forbidden(request);
  if (view.request.state !== "pending") throw json({ ok: false, errors: { _form: "changeRequest.problem.NOT_PENDING" }, values: {} }, { status: 409 });
  return view;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.requestId);
  const view = await editable(request, viewer, id);
  const r = view.request;
  const p = view.proposed;
  const orgs = await getDb().selectFrom("organisation").select(["id", "name", "kind"]).orderBy("kind").orderBy("name").execute();
  const entered = p.lines.flatMap((l) => l.entered.map((y) => y.year));
  return json({
    id,
    shortName: view.project.shortName,
    values: {
      ...planValues({ ...p.version, lines: p.lines, implementers: p.implementers }),
      revision: String(r.revision),
      direction: r.direction,
      requestedByOrganisationId: r.requestedByOrganisationId === null ? "" : String(r.requestedByOrganisationId),
      receivedOn: formatDay(r.receivedOn),
      reason: r.reason,
      kinds: Object.fromEntries(r.kinds.map((k) => [k, "on"])),
      proposedName: r.proposedName,
      proposedShortName: r.proposedShortName,
      proposedTargetGroup: r.proposedTargetGroup,
    },
    years: [...new Set([...yearsOf(p.version.start_date, p.version.end_date), ...entered])].sort((a, b) => a - b),
    orgs,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.requestId);
  await editable(request, viewer, id);
  const parsed = await parseForm(request, changeRequestSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateChangeRequest(getDb(), actorOf(viewer), viewer, id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (saved.value === "forbidden") forbidden(request);
  if (saved.value === "notPending")
    return json({ ok: false as const, errors: { _form: "changeRequest.problem.NOT_PENDING" }, values: parsed.values }, { status: 409 });
  return redirectWithFlash(`/change-requests/${id}`, { key: "changeRequest.edited.flash" });
}

export default function EditChangeRequest() {
  const { id, shortName, values, years, orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: changeRequestSchema, values, actionData });
  return (
    <>
      <h1>{t("changeRequest.edit.heading", { name: shortName })}</h1>
      <p className="lead">{t("changeRequest.edit.intro")}</p>
      <HvFormShell form={form} cancelTo={`/change-requests/${id}`}>
        <input type="hidden" name="revision" value={values.revision} />
        <ChangeRequestFields orgs={orgs} years={years} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
