/** The language and translator inside React: from the root loader's data. */
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LANG, isLang, translateDynamic, translator, type Lang, type Translate } from "./index";
import type { Params } from "./format";

export function useLang(): Lang {
  const data = useRouteLoaderData("root") as { lang?: string } | undefined;
  return isLang(data?.lang) ? data.lang : DEFAULT_LANG;
}

export function useT(): Translate {
  const lang = useLang();
  return useMemo(() => translator(lang), [lang]);
}

export function useTDynamic(): (key: string, params?: Params) => string {
  const lang = useLang();
  return useMemo(() => (key: string, params?: Params) => translateDynamic(lang, key, params), [lang]);
}
