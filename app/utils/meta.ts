/**
 * Every page's <title>: "what – where – Hankevahti", in the user's language (from the root's
 * messages), and for an error page the error's own title ("Sivua ei löytynyt – Hankevahti").
 */
import type { MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { interpolate, type Params } from "~/i18n/format";
import { FALLBACK_MESSAGES } from "~/i18n/fallback";

type T = (key: string, params?: Params) => string;

export function pageMeta<Loader>(title: (data: NonNullable<Parameters<MetaFunction<Loader>>[0]["data"]>, t: T) => string): MetaFunction<Loader> {
  return ({ data, error, matches }) => {
    // The root sends the messages titles are made of (app/i18n/titles.ts) in the user's language.
    const messages = (matches.find((m) => m.id === "root")?.data as { titles?: Record<string, string> } | undefined)?.titles ?? FALLBACK_MESSAGES;
    const t: T = (key, params) => interpolate(messages[key] ?? FALLBACK_MESSAGES[key] ?? key, params);
    if (error || !data) {
      const status = isRouteErrorResponse(error) ? error.status : error ? 500 : 404;
      const key = status === 404 ? "error.notFound.title" : status === 403 ? "error.forbidden.title" : "error.unexpected.title";
      return [{ title: `${t(key)} – Hankevahti` }];
    }
    return [{ title: `${title(data, t)} – Hankevahti` }];
  };
}
