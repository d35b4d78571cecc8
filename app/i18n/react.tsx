/**
 * The language and translator inside React. The messages of the user's language come from the
 * root loader's data, so the catalogues (both languages) are never part of the browser bundle.
 */
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import type { Lang, Translate } from "./index";
import { interpolate, type Params } from "./format";
import { FALLBACK_MESSAGES } from "./fallback";

interface RootI18n {
  lang?: Lang;
  messages?: Record<string, string>;
}


function useRootI18n(): RootI18n {
  return (useRouteLoaderData("root") as RootI18n | undefined) ?? {};
}

export function useLang(): Lang {
  return useRootI18n().lang === "en" ? "en" : "fi";
}

function useMessages(): Record<string, string> {
  return useRootI18n().messages ?? FALLBACK_MESSAGES;
}

/** Translates a catalogue key; a key missing from the messages shows as itself. */
export function useT(): Translate {
  const messages = useMessages();
  return useMemo(() => (key, params) => interpolate(messages[key] ?? key, params), [messages]);
}

/** Translates a key that came from data (a zod issue, a warning code). */
export function useTDynamic(): (key: string, params?: Params) => string {
  const messages = useMessages();
  return useMemo(() => (key: string, params?: Params) => (key in messages ? interpolate(messages[key]!, params) : key), [messages]);
}
