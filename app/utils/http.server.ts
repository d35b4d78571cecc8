/** HTTP helpers for routes: parse and validate posted forms, answer 400/404, read ids. */
import { json } from "@remix-run/node";
import type * as z from "zod/mini";
import { decodeError, encodeError, formDataToObject, type FieldErrorMap } from "~/schemas/field-errors";
import { isMessageKey, translateDynamic, translator, type Lang } from "~/i18n";
import { formatInstant } from "~/domain/days";
import { changeLine } from "~/i18n/change-text";
import { InputError, NotFoundError } from "~/models/errors.server";
import { changesSince, organisationNamesIn } from "~/models/audit.server";
import { getDb } from "./db.server";

/** What others changed since the editor loaded the form (shown when a save is refused as stale). */
/** What others saved since the form was loaded: each save's changes, and the same as lines of text in both languages (the form shows those). */
export type StaleChanges = {
  at: string;
  userName: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
  lines: { fi: string[]; en: string[] };
}[];

export type FormFailure = {
  ok: false;
  errors: FieldErrorMap;
  values: Record<string, unknown>;
  stale?: { changes: StaleChanges; names: Record<string, string> };
};

export function zodErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): FieldErrorMap {
  const out: FieldErrorMap = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_form";
    if (out[path]) continue;
    // Our parsers speak in catalogue keys; zod's own structural messages (a list where a
    // value was expected, say) are English and technical, so they become one plain message.
    out[path] = isMessageKey(decodeError(issue.message).key) ? issue.message : "error.form.invalidValue";
  }
  return out;
}

/** Characters no text field accepts: NUL and the other control characters except tab and line breaks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const CONTROL_CHARACTERS_ALL = new RegExp(CONTROL_CHARACTERS.source, "g");

/** The dot paths of posted values that hold control characters. */
export function fieldsWithControlCharacters(value: unknown, path = ""): string[] {
  if (typeof value === "string") return CONTROL_CHARACTERS.test(value) ? [path || "_form"] : [];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => fieldsWithControlCharacters(v, path ? `${path}.${k}` : k));
}

/** Parses the posted form with the schema; on failure returns the 400 response to send. */
export async function parseForm<S extends z.ZodMiniType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S>; values: Record<string, unknown>; formData: FormData } | { ok: false; response: Response }> {
  return parseFormData(await request.formData(), schema);
}

/** parseForm over form data already read (a multipart post whose file the route takes itself; files are not form values). */
export function parseFormData<S extends z.ZodMiniType>(
  formData: FormData,
  schema: S,
): { ok: true; data: z.output<S>; values: Record<string, unknown>; formData: FormData } | { ok: false; response: Response } {
  const values = formDataToObject(formData.entries());
  // "Add a row" without JavaScript: the same form back with what was typed (its repeating rows
  // show one spare row more than were posted), nothing checked or saved.
  if (formData.get("_addRow") !== null) return { ok: false, response: json<FormFailure>({ ok: false, errors: {}, values: boundedEcho(values, {}) }) };
  const control = fieldsWithControlCharacters(values);
  if (control.length > 0) return { ok: false, response: badRequest(Object.fromEntries(control.map((f) => [f, "error.text.controlCharacters"])), values) };
  const result = schema.safeParse(values);
  if (!result.success) return { ok: false, response: badRequest(zodErrors(result.error), values) };
  return { ok: true, data: result.data, values, formData };
}

/** No echoed value is longer than this (the longest text any field accepts). */
export const MAX_ECHO_CHARS = 10_000;

/**
 * The posted values as they are sent back for the form to show again: a value refused as too
 * long is cut to the field's allowed length, any other to MAX_ECHO_CHARS, so that a response
 * never repeats more than a field may hold.
 */
export function boundedEcho(values: Record<string, unknown>, errors: FieldErrorMap, path = ""): Record<string, unknown> {
  const bound = (v: unknown, p: string): unknown => {
    if (typeof v === "string") {
      const e = errors[p];
      const max = e ? decodeError(e).params?.max : undefined;
      const limit = e && decodeError(e).key === "error.tooLong" && typeof max === "number" ? max : MAX_ECHO_CHARS;
      // Control characters are refused; they are not sent back either.
      return (v.length > limit ? v.slice(0, limit) : v).replace(CONTROL_CHARACTERS_ALL, "\uFFFD");
    }
    if (Array.isArray(v)) return v.map((x, i) => bound(x, `${p}.${i}`));
    if (v !== null && typeof v === "object") return boundedEcho(v as Record<string, unknown>, errors, p);
    return v;
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, bound(v, path ? `${path}.${k}` : k)]));
}

export function badRequest(errors: FieldErrorMap, values: Record<string, unknown>, stale?: FormFailure["stale"]) {
  const echoed = boundedEcho(values, errors);
  return json<FormFailure>(stale ? { ok: false, errors, values: echoed, stale } : { ok: false, errors, values: echoed }, { status: 400 });
}

/** Runs a model write; an InputError becomes a 400 with the field's message. */
export async function withInputErrors<T>(
  values: Record<string, unknown>,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (e instanceof InputError) {
      const errors: FieldErrorMap = {};
      for (const [k, v] of Object.entries(e.fieldErrors)) errors[k] = encodeError(v.key, v.params);
      let stale: FormFailure["stale"];
      if (e.stale) {
        const db = getDb();
        const changes = await changesSince(db, e.stale.entity, e.stale.id, e.stale.revision);
        const names = await organisationNamesIn(
          db,
          changes.map((c, i) => ({
            id: i,
            at: c.at,
            txId: null,
            userName: c.userName,
            entity: e.stale!.entity,
            entityId: e.stale!.id,
            action: "update" as const,
            changes: c.changes,
          })),
        );
        const lines = (lang: Lang, c: { field: string; before: unknown; after: unknown }[]) =>
          c.map((x) => changeLine((key, params) => translateDynamic(lang, key, params), names, x));
        const by = (lang: Lang, c: { at: string; userName: string | null }) =>
          translator(lang)("stale.by", { name: c.userName ?? translator(lang)("history.system"), at: formatInstant(c.at) });
        stale = {
          changes: changes.map((c) => ({ ...c, lines: { fi: [by("fi", c), ...lines("fi", c.changes)], en: [by("en", c), ...lines("en", c.changes)] } })),
          names,
        };
      }
      return { ok: false, response: badRequest(errors, values, stale) };
    }
    throw e;
  }
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/** A route parameter that must be a positive integer id (anything else is a 404). */
export function requireId(value: string | undefined): number {
  if (!value || !/^\d{1,12}$/.test(value)) notFound();
  return Number(value);
}

/**
 * The version token an edit form carries (the revision it was loaded at). It is required: an
 * edit without it is refused with 400, so the lost-update guard cannot be skipped.
 */
export function requireRevision(values: Record<string, unknown>, field = "revision"): { ok: true; revision: number } | { ok: false; response: Response } {
  const v = values[field];
  if (typeof v === "string" && /^\d{1,12}$/.test(v)) return { ok: true, revision: Number(v) };
  return { ok: false, response: badRequest({ [field]: "error.revision.missing" }, values) };
}

/** The client's address as the server saw it (behind TRUST_PROXY hops of proxies: from X-Forwarded-For). */
export function clientIpOf(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip.length > 0 ? ip.slice(0, 64) : "unknown";
}

export { redirectWithFlash } from "./flash.server";
