/** Small display pieces: money, periods, statuses. Formatting itself lives in app/domain. */
import { formatMoney } from "~/domain/money";
import { formatPeriod } from "~/domain/days";
import { useT } from "~/i18n/react";
import type { ProjectStatus } from "~/domain/vocabulary";

export function Money({ cents, always }: { cents: number; always?: boolean }) {
  return <span className="num">{formatMoney(cents, { cents: always ? "always" : "auto" })}</span>;
}

export function Period({ start, end }: { start: string; end: string }) {
  return <span className="nowrap">{formatPeriod(start, end)}</span>;
}

export function StatusBadge({ status }: { status: ProjectStatus }) {
  const t = useT();
  return <span className={`status status-${status}`}>{t(`status.${status}`)}</span>;
}
