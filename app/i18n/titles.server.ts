/** The title messages in one language, for the root's data (server only: the catalogue stays out of the browser's bundle). */
import { catalogues, type Lang } from "./index";
import { TITLE_KEYS } from "./titles";

export function titleMessages(lang: Lang): Record<string, string> {
  return Object.fromEntries(TITLE_KEYS.map((k) => [k, catalogues[lang][k]]));
}
