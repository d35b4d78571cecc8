/**
 * The messages page titles are made of (pageMeta's `t`, app/utils/meta.ts). The catalogue itself
 * is not in the root's data (the browser fetches it once, app/i18n/react.tsx), but a meta
 * function cannot read that: the root sends these few keys in the user's language instead.
 * tests/integration/i18n-catalogue.test.ts checks that every key a route's meta uses is here.
 */
import type { MessageKey } from "./index";

export const TITLE_KEYS = [
  "attachment.page.title",
  "auth.account.title",
  "bonus.claim.title",
  "bonus.list.title",
  "bonus.new.title",
  "bonus.summary.title",
  "changeRequest.edit.title",
  "changeRequest.new",
  "commitment.edit.title",
  "commitment.new.title",
  "deadline.edit.title",
  "deadlines.title",
  "entry.new.title",
  "error.forbidden.title",
  "error.notFound.title",
  "error.unexpected.title",
  "indicator.edit.title",
  "indicator.new.title",
  "item.new.title",
  "item.page",
  "item.print",
  "meeting.new.title",
  "meeting.title",
  "meetings.title",
  "obligation.edit.title",
  "obligation.new.title",
  "org.edit.title",
  "org.new.title",
  "payment.edit.title",
  "payment.new.title",
  "plan.page",
  "project.edit.title",
  "public.agenda",
  "public.minutes",
  "public.title",
  "refund.page",
  "report.edit.title",
  "report.kind.committee",
  "report.kind.final",
  "report.kind.interim",
  "report.kind.yearly",
  "report.receipt.title",
  "report.review.page",
  "report.title",
] as const satisfies readonly MessageKey[];
