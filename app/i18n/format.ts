/**
 * Fills a message's {placeholders}. Parameter names say how values are shown: *Cents as
 * money, *Bp as a percentage, *Day as a date (all in Finnish format, in both languages).
 */
import { formatBasisPoints, formatMoney } from "~/domain/money";
import { formatDay } from "~/domain/days";

export type Params = Record<string, string | number | null | undefined>;

export function formatParam(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && name.endsWith("Cents")) return formatMoney(value);
  if (typeof value === "number" && name.endsWith("Bp")) return formatBasisPoints(value);
  if (typeof value === "string" && name.endsWith("Day")) return formatDay(value);
  return String(value);
}

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? formatParam(name, params[name]) : whole));
}
