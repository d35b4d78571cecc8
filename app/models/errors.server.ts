/**
 * Problems with input that only the database can see (an unknown organisation, a duplicate
 * case number, a stale revision). Routes turn them into HTTP 400 with the field's message.
 */
import type { MessageKey } from "~/i18n";

export type FieldErrors = Record<string, { key: MessageKey; params?: Record<string, string | number> }>;

/** For a refused save over a newer revision: which row, and the revision the editor had loaded. */
export interface StaleRef {
  entity: string;
  id: number;
  revision: number;
}

export class InputError extends Error {
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly stale?: StaleRef,
  ) {
    super(`invalid input: ${Object.keys(fieldErrors).join(", ")}`);
    this.name = "InputError";
  }
}

/** The record a write names does not exist (or is not the caller's to see): the route answers 404. */
export class NotFoundError extends Error {
  constructor() {
    super("not found");
    this.name = "NotFoundError";
  }
}

export function isUniqueViolation(e: unknown, column: string): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "SQLITE_CONSTRAINT_UNIQUE" && (err.message ?? "").includes(column);
}
