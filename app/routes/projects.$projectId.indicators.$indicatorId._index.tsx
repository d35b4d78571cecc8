/** One target: edit or delete it, and its dated entries (each can be deleted as a correction). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { deleteEntry, deleteIndicator, getIndicator, listEntries, updateIndicator } from "~/models/indicator.server";
import { getProject } from "~/models/project.server";
import { indicatorSchema } from "~/schemas/indicator";
import { percentInputValue } from "~/domain/money";
import { decodeError } from "~/schemas/field-errors";
import { formatDay } from "~/domain/days";
import { HvFormShell, useHvForm } from "~/components/form";
import { IndicatorFields } from "~/components/indicator-fields";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";
import { indicatorLabel } from "~/components/targets-section";

export const meta = pageMeta<typeof loader>((data, t) => t("indicator.edit.title", { name: data.shortName }));

async function load(request: Request, params: Record<string, string | undefined>) {
  const viewer = await requireViewer(request, "project:write");
  const projectId = requireId(params.projectId);
  const indicatorId = requireId(params.indicatorId);
  const db = getDb();
  const project = await getProject(db, viewer, projectId);
  const indicator = project ? await getIndicator(db, projectId, indicatorId) : undefined;
  if (!project || !indicator) notFound();
  return { viewer, db, project, indicator };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, project, indicator } = await load(request, params);
  const entries = await listEntries(db, indicator.id);
  return json({
    projectId: project.id,
    shortName: project.short_name,
    indicator: { id: indicator.id, kind: indicator.kind, name: indicator.name, unit: indicator.unit },
    values: {
      kind: indicator.kind,
      name: indicator.name,
      unit: indicator.unit,
      targetKind: indicator.target_kind,
      target:
        indicator.target_value === null ? "" : indicator.target_kind === "percent" ? percentInputValue(indicator.target_value) : String(indicator.target_value),
      revision: String(indicator.revision),
    },
    entries: entries.map((e) => ({ id: e.id, date: e.entry_date, value: e.value, women: e.women, men: e.men, other: e.other, note: e.note, source: e.source })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, db, project, indicator } = await load(request, params);
  const form = await request.clone().formData();
  const intent = form.get("_intent");
  if (intent === "delete") {
    if (!(await deleteIndicator(db, actorOf(viewer), project.id, indicator.id))) notFound();
    return redirectWithFlash(`/projects/${project.id}`, { key: "indicator.deleted" });
  }
  if (intent === "delete-entry") {
    const entryId = requireId(String(form.get("entryId") ?? ""));
    const done = await withInputErrors({}, () => deleteEntry(db, actorOf(viewer), project.id, indicator.id, entryId));
    if (!done.ok) return done.response;
    if (!done.value) notFound();
    return redirectWithFlash(`/projects/${project.id}/indicators/${indicator.id}`, { key: "entry.deleted" });
  }
  const parsed = await parseForm(request, indicatorSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updateIndicator(db, actorOf(viewer), project.id, indicator.id, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/projects/${project.id}`, { key: "indicator.saved" });
}

export default function EditIndicator() {
  const { projectId, shortName, indicator, values, entries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: indicatorSchema, values, actionData });
  const entryError = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>).entry : undefined;
  return (
    <>
      <p className="eyebrow">
        <Link to={`/projects/${projectId}#targets`}>{shortName}</Link>
      </p>
      <h1>{t("indicator.edit.title", { name: indicatorLabel(t, indicator) })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#targets`}>
        <input type="hidden" name="revision" value={values.revision} />
        <IndicatorFields />
      </HvFormShell>

      <section aria-labelledby="entries">
        <h2 id="entries">{t("targets.entries")}</h2>
        <p>
          <Link className="button primary" to={`/projects/${projectId}/indicators/${indicator.id}/entries/new`}>
            {t("targets.addEntry")}
          </Link>
        </p>
        {entryError ? (
          <p className="error" role="alert">
            {t(decodeError(entryError).key as "error.required", decodeError(entryError).params)}
          </p>
        ) : null}
        {entries.length === 0 ? (
          <p>{t("targets.noEntries")}</p>
        ) : (
          <DataTable
            caption={t("targets.entries")}
            columns={[
              { label: t("entry.date") },
              { label: t("entry.value"), numeric: true },
              { label: t("entry.women"), numeric: true },
              { label: t("entry.men"), numeric: true },
              { label: t("entry.other"), numeric: true },
              { label: t("entry.note") },
              { label: t("targets.col.actions") },
            ]}
          >
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    {formatDay(e.date)}
                    {e.source !== "manager" ? <span className="muted"> ({t(`targets.entrySource.${e.source}`)})</span> : null}
                  </td>
                  <td className="num">{e.value.toLocaleString("fi-FI")}</td>
                  <td className="num">{e.women ?? "–"}</td>
                  <td className="num">{e.men ?? "–"}</td>
                  <td className="num">{e.other ?? "–"}</td>
                  <td>{e.note}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="_intent" value="delete-entry" />
                      <input type="hidden" name="entryId" value={e.id} />
                      <button type="submit" className="link danger">
                        {t("entry.delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("common.total")}</th>
                <td className="num">{entries.reduce((a, e) => a + e.value, 0).toLocaleString("fi-FI")}</td>
                <td colSpan={5} />
              </tr>
            </tfoot>
          </DataTable>
        )}
      </section>

      <Form method="post" className="danger-zone">
        <input type="hidden" name="_intent" value="delete" />
        <button type="submit" className="danger">
          {t("indicator.delete.confirm")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
