/** A new payment application of the project to its funder. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { createPayment, paymentFormContext } from "~/models/payment.server";
import { getProject } from "~/models/project.server";
import { paymentSchema } from "~/schemas/payment";
import { HvFormShell, useHvForm } from "~/components/form";
import { PaymentFields } from "~/components/payment-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("payment.new.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  const db = getDb();
  if (!(await getProject(db, viewer, id))) notFound();
  const ctx = await paymentFormContext(db, id);
  if (!ctx) notFound();
  return json(ctx);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const id = requireId(params.projectId);
  if (!(await getProject(getDb(), viewer, id))) notFound();
  const parsed = await parseForm(request, paymentSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createPayment(getDb(), actorOf(viewer), id, parsed.data));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  return redirectWithFlash(`/projects/${id}`, { key: "payment.saved" });
}

export default function NewPayment() {
  const { projectId, shortName, planStart, planEnd } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: paymentSchema, values: { status: "submitted" }, actionData });
  return (
    <>
      <h1>{t("payment.new.title", { name: shortName })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#payments`}>
        <PaymentFields planStart={planStart} planEnd={planEnd} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
