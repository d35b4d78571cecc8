/** Editing or deleting one payment application of the project. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, requireRevision, withInputErrors } from "~/utils/http.server";
import { deletePayment, getPayment, paymentFormContext, updatePayment } from "~/models/payment.server";
import { getProject } from "~/models/project.server";
import { paymentSchema, paymentValues } from "~/schemas/payment";
import { HvFormShell, useHvForm } from "~/components/form";
import { PaymentFields } from "~/components/payment-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("payment.edit.title", { name: data.shortName }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const projectId = requireId(params.projectId);
  const paymentId = requireId(params.paymentId);
  const db = getDb();
  if (!(await getProject(db, viewer, projectId))) notFound();
  const payment = await getPayment(db, projectId, paymentId);
  const ctx = await paymentFormContext(db, projectId);
  if (!payment || !ctx) notFound();
  return json({ ...ctx, values: paymentValues(payment) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const projectId = requireId(params.projectId);
  const paymentId = requireId(params.paymentId);
  const db = getDb();
  if (!(await getProject(db, viewer, projectId)) || !(await getPayment(db, projectId, paymentId))) notFound();
  if ((await request.clone().formData()).get("_intent") === "delete") {
    if (!(await deletePayment(db, actorOf(viewer), projectId, paymentId))) notFound();
    return redirectWithFlash(`/projects/${projectId}`, { key: "payment.deleted" });
  }
  const parsed = await parseForm(request, paymentSchema);
  if (!parsed.ok) return parsed.response;
  const revision = requireRevision(parsed.values);
  if (!revision.ok) return revision.response;
  const saved = await withInputErrors(parsed.values, () => updatePayment(db, actorOf(viewer), projectId, paymentId, parsed.data, revision.revision));
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash(`/projects/${projectId}`, { key: "payment.saved" });
}

export default function EditPayment() {
  const { projectId, shortName, planStart, planEnd, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: paymentSchema, values, actionData });
  return (
    <>
      <h1>{t("payment.edit.title", { name: shortName })}</h1>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}#payments`}>
        <input type="hidden" name="revision" value={values.revision} />
        <PaymentFields planStart={planStart} planEnd={planEnd} />
      </HvFormShell>
      <Form method="post" className="danger-zone">
        <input type="hidden" name="_intent" value="delete" />
        <button type="submit" className="danger">
          {t("payment.delete.confirm")}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
