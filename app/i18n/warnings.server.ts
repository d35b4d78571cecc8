/** A warning's text in a language, for the API (server only: it needs the whole catalogue). */
import type { Warning } from "~/domain/checks";
import type { Params } from "./format";
import { translateDynamic, type Lang } from "./index";
import { warningParams } from "./warnings";

export function warningText(w: Warning, lang: Lang): string {
  const td = (key: string, params?: Params) => translateDynamic(lang, key, params);
  return td(`warning.${w.code}`, warningParams(w, td));
}
