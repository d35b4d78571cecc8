/** Renders a warning's parameters: enum values (kinds, cost models) become words. */
import type { Warning } from "~/domain/checks";
import type { Params } from "./format";

export function warningParams(w: Warning, td: (key: string, params?: Params) => string): Params {
  const p: Params = { ...w.params };
  if (typeof p.kind === "string") p.kind = td(`costKind.${p.kind}`) !== `costKind.${p.kind}` ? td(`costKind.${p.kind}`) : td(`financingKind.${p.kind}`);
  if (typeof p.model === "string") p.model = td(`costModel.${p.model}`);
  if (p.label === "" && typeof w.params.kind === "string") p.label = p.kind;
  return p;
}
