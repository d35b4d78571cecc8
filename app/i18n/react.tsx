/**
 * The language and translator inside React. The catalogues are never part of the browser
 * bundle nor of each page's data: the server renders with its own copy (entry.server.tsx puts
 * the language's messages into MessagesContext), and the browser fetches the language's
 * catalogue once from /i18n/LANG?v=VERSION (cached for a year; the version changes with the
 * text) before it hydrates the page (entry.client.tsx), and again when the language changes.
 */
import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useEffect, useMemo, useState } from "react";
import type { Lang, Translate } from "./index";
import { interpolate, type Params } from "./format";
import { FALLBACK_MESSAGES } from "./fallback";

interface RootI18n {
  lang?: Lang;
  /** The catalogues' version (a hash of their text), for the cacheable catalogue URL. */
  messagesVersion?: string;
  /** Messages given with the root data (component tests); the app uses MessagesContext. */
  messages?: Record<string, string>;
}

/** The messages of the language being shown. */
export const MessagesContext = createContext<Record<string, string> | null>(null);

/** Catalogues this browser has loaded, by language (and the last one, shown while another loads). */
const loaded = new Map<string, Record<string, string>>();
let last: Record<string, string> | undefined;

export function messagesUrl(lang: string, version: string): string {
  return `/i18n/${lang}?v=${version}`;
}

/** Fetches a language's catalogue into this browser's cache; false when it could not be had. */
export async function loadMessages(lang: string, version: string): Promise<boolean> {
  try {
    const res = await fetch(messagesUrl(lang, version));
    if (res.ok) loaded.set(lang, (last = (await res.json()) as Record<string, string>));
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Provides the messages of the root data's language: the server's (from entry.server.tsx), or
 * the catalogue the browser loaded. When the language changes, the new catalogue is fetched and
 * the page shows the previous language until it has arrived.
 */
export function MessagesFrame({ children }: { children: React.ReactNode }) {
  const outer = useContext(MessagesContext);
  const { lang, messagesVersion } = useRootI18n();
  const [, rerender] = useState(0);
  useEffect(() => {
    if (lang && messagesVersion && !loaded.has(lang)) void loadMessages(lang, messagesVersion).then((ok) => ok && rerender((n) => n + 1));
  }, [lang, messagesVersion]);
  const messages = outer ?? (lang && loaded.get(lang)) ?? last;
  return messages ? <MessagesContext.Provider value={messages}>{children}</MessagesContext.Provider> : <>{children}</>;
}

function useRootI18n(): RootI18n {
  return (useRouteLoaderData("root") as RootI18n | undefined) ?? {};
}

export function useLang(): Lang {
  return useRootI18n().lang === "en" ? "en" : "fi";
}

function useMessages(): Record<string, string> {
  const fromContext = useContext(MessagesContext);
  const root = useRootI18n();
  return fromContext ?? root.messages ?? FALLBACK_MESSAGES;
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
