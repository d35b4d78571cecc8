/**
 * Field errors travel as one string per field: a message key of the catalogue, optionally
 * followed by "|" and its parameters as JSON. The same string comes from zod in the browser
 * (react-hook-form) and from the server (zod or the model), and one component shows it.
 */
import type { MessageKey } from "~/i18n";

export type FieldErrorMap = Record<string, string>;

export function encodeError(key: MessageKey | string, params?: Record<string, string | number>): string {
  return params && Object.keys(params).length > 0 ? `${key}|${JSON.stringify(params)}` : key;
}

export function decodeError(encoded: string): { key: string; params?: Record<string, string | number> } {
  const i = encoded.indexOf("|");
  if (i < 0) return { key: encoded };
  try {
    return { key: encoded.slice(0, i), params: JSON.parse(encoded.slice(i + 1)) as Record<string, string | number> };
  } catch {
    return { key: encoded.slice(0, i) };
  }
}

/**
 * Turns posted form fields named in react-hook-form's dot notation ("costs.0.amount",
 * "costs.0.yearly.y2026") into nested objects and arrays.
 */
export function formDataToObject(entries: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    if (name.startsWith("_")) continue; // control fields (_intent, _action)
    const parts = name.split(".");
    if (parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")) continue;
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const key: string | number = Array.isArray(node) ? Number(part) : part;
      if (Array.isArray(node) && (!/^\d+$/.test(part) || Number(part) > 500)) break;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[key] = value;
      } else {
        if (container[key] === undefined || typeof container[key] !== "object") container[key] = nextIsIndex ? [] : {};
        node = container[key] as Record<string, unknown> | unknown[];
      }
    }
  }
  return root;
}

/** Reads a nested value by dot path ("costs.0.amount"). */
export function getPath(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
