/** A new co-financing commitment of a city unit to the project's current plan. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { commitmentFormContext, createCommitment } from "~/models/commitment.server";
import { getProject } from "~/models/project.server";
import { commitmentSchema } from "~/schemas/commitment";
import { HvFormShell, useHvForm } from "~/components/form";
import { CommitmentFields } from "~/components/commitment-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("commitment.new.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireViewer(request, "project:write");
  const ctx = await commitmentFormContext(getDb(), requireId(params.projectId));
  if (!ctx) notFound();
  return json(ctx);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, commitmentSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createCommitment(getDb(), actorOf(viewer), id, parsed.data));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  return redirectWithFlash(`/projects/${id}#commitments`, { key: "commitment.saved" });
}

export default function NewCommitment() {
  const { projectId, shortName, periodYears, units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: commitmentSchema, values: { condition: "none", annualBudgetReservation: "on" }, actionData });
  return (
    <>
      <h1>{t("commitment.new.title", { name: shortName })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}`}>
        <CommitmentFields units={units} periodYears={periodYears} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
