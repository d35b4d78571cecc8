/** A new meeting of a body: day and time, place, presenter and participants. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { parseForm, redirectWithFlash, withInputErrors } from "~/utils/http.server";
import { createMeeting } from "~/models/agenda.server";
import { meetingSchema } from "~/schemas/agenda";
import { HvFormShell, TextArea, TextField, useHvForm } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("meeting.new.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "project:write");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const parsed = await parseForm(request, meetingSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createMeeting(getDb(), actorOf(viewer), parsed.data));
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/meetings/${saved.value}`, { key: "meeting.created" });
}

export default function NewMeeting() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: meetingSchema, values: { body: "Työllisyys- ja kansainvälisyysjaosto", startTime: "16:30" }, actionData });
  return (
    <>
      <h1>{t("meeting.new.title")}</h1>
      <HvFormShell form={form} cancelTo="/meetings" narrow>
        <TextField name="body" label={t("meeting.body")} hint={t("meeting.body.hint")} required />
        <div className="grid-2">
          <TextField name="meetingDate" label={t("meeting.date")} hint={t("common.dayHint")} required />
          <TextField name="startTime" label={t("meeting.time")} hint={t("meeting.time.hint")} required />
        </div>
        <TextField name="place" label={t("meeting.place")} />
        <TextField name="presenter" label={t("meeting.presenter")} hint={t("meeting.presenter.hint")} />
        <TextArea name="members" label={t("meeting.members")} hint={t("meeting.members.hint")} rows={8} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
