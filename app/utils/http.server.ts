/** HTTP helpers for routes: parse and validate posted forms, answer 400/404, read ids. */
import { json } from "@remix-run/node";
import type * as z from "zod/mini";
import { decodeError, encodeError, formDataToObject, type FieldErrorMap } from "~/utils/form";
import { isMessageKey } from "~/i18n";
import { InputError } from "~/models/errors.server";
import { changesSince, organisationNamesIn } from "~/models/audit.server";
import { getDb } from "./db.server";

/** What others changed since the editor loaded the form (shown when a save is refused as stale). */
export type StaleChanges = { at: string; userName: string | null; changes: { field: string; before: unknown; after: unknown }[] }[];

export type FormFailure = { ok: false; errors: FieldErrorMap; values: Record<string, unknown>; stale?: { changes: StaleChanges; names: Record<string, string> } };

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

/** Parses the posted form with the schema; on failure returns the 400 response to send. */
export async function parseForm<S extends z.ZodMiniType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S>; values: Record<string, unknown>; formData: FormData } | { ok: false; response: Response }> {
  const formData = await request.formData();
  const values = formDataToObject(formData.entries());
  const result = schema.safeParse(values);
  if (!result.success) return { ok: false, response: badRequest(zodErrors(result.error), values) };
  return { ok: true, data: result.data, values, formData };
}

export function badRequest(errors: FieldErrorMap, values: Record<string, unknown>, stale?: FormFailure["stale"]) {
  return json<FormFailure>(stale ? { ok: false, errors, values, stale } : { ok: false, errors, values }, { status: 400 });
}

/** Runs a model write; an InputError becomes a 400 with the field's message. */
export async function withInputErrors<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof InputError) {
      const errors: FieldErrorMap = {};
      for (const [k, v] of Object.entries(e.fieldErrors)) errors[k] = encodeError(v.key, v.params);
      let stale: FormFailure["stale"];
      if (e.stale) {
        const db = getDb();
        const changes = await changesSince(db, e.stale.entity, e.stale.id, e.stale.revision);
        const names = await organisationNamesIn(db, changes.map((c, i) => ({ id: i, at: c.at, txId: null, userName: c.userName, entity: e.stale!.entity, entityId: e.stale!.id, action: "update" as const, changes: c.changes })));
        stale = { changes, names };
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

export function revisionOf(values: Record<string, unknown>, field = "revision"): number | null {
  const v = values[field];
  return typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null;
}
