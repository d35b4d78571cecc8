/** A new agenda item: the project (by its case number) and the kind of item; drafted from the ledger. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, requireViewer } from "~/utils/auth.server";
import { notFound, parseForm, redirectWithFlash, requireId, withInputErrors } from "~/utils/http.server";
import { createItem, getMeeting, nextSection } from "~/models/agenda.server";
import { newItemSchema, preparersText } from "~/schemas/agenda";
import { ITEM_TYPES } from "~/domain/agenda-draft";
import { formatDay, yearOf } from "~/domain/days";
import { HvFormShell, SelectField, TextArea, TextField, useHvForm } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("item.new.title", { body: data.body, day: formatDay(data.meetingDate) }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const db = getDb();
  const m = await getMeeting(db, requireId(params.meetingId));
  if (!m) notFound();
  return json({
    meetingId: m.id,
    body: m.body,
    meetingDate: m.meeting_date,
    values: {
      itemType: "",
      section: String(await nextSection(db, m.body, yearOf(m.meeting_date))),
      presenter: m.presenter,
      preparers: preparersText([{ name: viewer.name, title: "", email: viewer.email, phone: "" }]),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "project:write");
  const meetingId = requireId(params.meetingId);
  const db = getDb();
  if (!(await getMeeting(db, meetingId))) notFound();
  const parsed = await parseForm(request, newItemSchema);
  if (!parsed.ok) return parsed.response;
  const saved = await withInputErrors(parsed.values, () => createItem(db, actorOf(viewer), viewer, meetingId, parsed.data));
  if (!saved.ok) return saved.response;
  if (saved.value === null) notFound();
  return redirectWithFlash(`/agenda-items/${saved.value}`, { key: "item.created" });
}

export default function NewItem() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useHvForm({ schema: newItemSchema, values: d.values, actionData });
  return (
    <>
      <h1>{t("item.new.title", { body: d.body, day: formatDay(d.meetingDate) })}</h1>
      <p>{t("item.new.intro")}</p>
      <HvFormShell form={form} cancelTo={`/meetings/${d.meetingId}`} narrow>
        <TextField name="caseNumber" label={t("item.caseNumber")} hint={t("item.caseNumber.hint")} />
        <SelectField
          name="itemType"
          label={t("item.type")}
          required
          emptyLabel={t("common.choose")}
          options={ITEM_TYPES.map((k) => ({ value: k, label: t(`item.type.${k}`) }))}
        />
        <TextField name="section" label={t("item.section")} hint={t("item.section.hint")} inputMode="numeric" />
        <TextField name="title" label={t("item.titleField")} hint={t("item.title.hint")} />
        <TextArea name="preparers" label={t("item.preparers")} hint={t("item.preparers.hint")} rows={3} />
        <TextField name="presenter" label={t("item.presenter")} />
      </HvFormShell>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
