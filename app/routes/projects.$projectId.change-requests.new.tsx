/**
 * Recording a change request: who asked, when, what kinds of change and why, and the proposed
 * plan (the current plan is the starting point). Nothing changes until the request is decided.
 * An employment manager records any request as the form says. An association representative
 * files their own organisation's request for one of its projects with the same form: it is
 * always from the grantee to the city, asked by their organisation and received today, whatever
 * the form posts (ownRequestOf), so their form leaves those fields out and the page says so.
 * Another organisation's project is a 404, for the form and for the post alike. (The route
 * imports only the .server modules it must: each one costs the page's JavaScript a chunk.)
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { forbidden, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { changeRequestFormContext, fileChangeRequest, mayFileChangeRequest, ownRequestOf, projectSeenBy } from "~/models/change-request.server";
import { changeRequestSchema } from "~/schemas/change-request";
import { formatDay } from "~/domain/days";
import { HvFormShell, useHvForm } from "~/components/form";
import { ChangeRequestFields } from "~/components/change-request-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => `${data.shortName} – ${t("changeRequest.new")}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  if (!mayFileChangeRequest(viewer)) forbidden(request);
  const id = requireId(params.projectId);
  const ctx = await changeRequestFormContext(getDb(), viewer, id);
  if (!ctx) notFound();
  const p = ctx.detail.project;
  const own = ctx.own;
  return json({
    projectId: id,
    shortName: p.short_name,
    values: {
      ...ctx.values,
      direction: "grantee_to_city",
      requestedByOrganisationId: String(own?.requestedByOrganisationId ?? p.lead_organisation_id),
      receivedOn: formatDay(ctx.today),
      proposedName: p.name,
      proposedShortName: p.short_name,
      proposedTargetGroup: p.target_group,
    },
    years: ctx.years,
    orgs: ctx.orgs,
    own: own !== null,
    // The heading and the intro (keys, so that their text stays out of the page's JavaScript): an
    // association's own request says whose it is and the day it arrives.
    text: own
      ? ({
          title: "changeRequest.apply.title",
          intro: "changeRequest.apply.intro",
          organisation: ctx.orgs.find((o) => o.id === own.requestedByOrganisationId)?.name ?? "",
          receivedDay: own.receivedOn,
        } as const)
      : ({ title: "changeRequest.new.title", intro: "changeRequest.new.intro" } as const),
  });
}

/** The posted form with an association's fixed fields as they will be stored (a bad or missing value in them is then no error). */
async function withOwnFields(request: Request, own: NonNullable<ReturnType<typeof ownRequestOf>>): Promise<Request> {
  const form = await request.formData();
  form.set("direction", own.direction);
  form.set("requestedByOrganisationId", String(own.requestedByOrganisationId));
  form.set("receivedOn", formatDay(own.receivedOn));
  return new Request(request.url, { method: "POST", body: form });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  if (!mayFileChangeRequest(viewer)) forbidden(request);
  const id = requireId(params.projectId);
  if (!(await projectSeenBy(getDb(), viewer, id))) notFound();
  const own = ownRequestOf(viewer);
  const parsed = await parseForm(own ? await withOwnFields(request, own) : request, changeRequestSchema);
  if (!parsed.ok) return parsed.response;
  // fileChangeRequest sets an association's fixed fields again itself (and checks the project once more).
  const saved = await withInputErrors(parsed.values, () => fileChangeRequest(getDb(), viewer, id, parsed.data, own?.receivedOn));
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/change-requests/${saved.value}`, { key: own ? "changeRequest.filed.flash" : "changeRequest.recorded" });
}

export default function NewChangeRequest() {
  const { projectId, shortName, values, years, orgs, own, text } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: changeRequestSchema, values, actionData });
  return (
    <>
      <h1>{t(text.title, { name: shortName })}</h1>
      <p className="lead">{t(text.intro, text)}</p>
      <HvFormShell form={form} cancelTo={`/projects/${projectId}`}>
        <ChangeRequestFields orgs={orgs} years={years} own={own} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
