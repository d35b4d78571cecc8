/**
 * The message catalogue: Finnish is the default and the source of keys; English must have
 * every key (the typecheck fails otherwise). Used on the server and in the browser.
 */
import { interpolate, type Params } from "./format";
import * as common from "./messages/common";
import * as ledger from "./messages/ledger";
import * as forms from "./messages/forms";
import * as warnings from "./messages/warnings";
import * as funding from "./messages/funding";
import * as api from "./messages/api";
import * as auth from "./messages/auth";
import * as changeRequests from "./messages/change-requests";
import * as targets from "./messages/targets";
import * as deadlines from "./messages/deadlines";
import * as calendar from "./messages/calendar";
import * as payments from "./messages/payments";
import * as reports from "./messages/reports";
import * as agenda from "./messages/agenda";
import * as attachments from "./messages/attachments";
import * as bonus from "./messages/bonus";
import * as spreadsheetExport from "./messages/spreadsheet-export";
import * as spreadsheetImport from "./messages/spreadsheet-import";

export const LANGUAGES = ["fi", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "fi";

const fi = {
  ...common.fi,
  ...ledger.fi,
  ...forms.fi,
  ...warnings.fi,
  ...api.fi,
  ...funding.fi,
  ...auth.fi,
  ...changeRequests.fi,
  ...targets.fi,
  ...deadlines.fi,
  ...calendar.fi,
  ...payments.fi,
  ...reports.fi,
  ...agenda.fi,
  ...attachments.fi,
  ...bonus.fi,
  ...spreadsheetExport.fi,
  ...spreadsheetImport.fi,
};
const en: Record<keyof typeof fi, string> = {
  ...common.en,
  ...ledger.en,
  ...forms.en,
  ...warnings.en,
  ...api.en,
  ...funding.en,
  ...auth.en,
  ...changeRequests.en,
  ...targets.en,
  ...deadlines.en,
  ...calendar.en,
  ...payments.en,
  ...reports.en,
  ...agenda.en,
  ...attachments.en,
  ...bonus.en,
  ...spreadsheetExport.en,
  ...spreadsheetImport.en,
};

export type MessageKey = keyof typeof fi;
export const catalogues: Record<Lang, Record<MessageKey, string>> = { fi, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(fi, key);
}

export function isLang(value: unknown): value is Lang {
  return value === "fi" || value === "en";
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(lang: Lang): Translate {
  const cat = catalogues[lang];
  return (key, params) => interpolate(cat[key] ?? fi[key] ?? key, params);
}

/** Translates a key that came from data (a zod issue, a warning code); unknown keys stay as they are. */
export function translateDynamic(lang: Lang, key: string, params?: Params): string {
  return isMessageKey(key) ? translator(lang)(key, params) : key;
}
