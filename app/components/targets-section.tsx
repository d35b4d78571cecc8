/**
 * The project page's targets: each indicator's target, value to date, rate, gender split and
 * pace (with the rule and its tolerance stated), and links to manage them.
 */
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import type { Translate } from "~/i18n";
import { formatBasisPoints } from "~/domain/money";
import { PACE_TOLERANCE_PERCENT, type IndicatorKind, type PaceVerdict } from "~/domain/indicators";
import type { IndicatorView } from "~/models/indicator.server";
import { DataTable } from "./data-table";

/** A target as the project page's loader gives it (app/models/indicator.server.ts). */
export type TargetRow = IndicatorView;

/** An indicator's name: its own when it has one, else its kind's. */
export function indicatorLabel(t: Translate, i: { kind: IndicatorKind; name: string }): string {
  return i.name || t(`indicatorKind.${i.kind}`);
}

const count = (n: number) => n.toLocaleString("fi-FI");

export function PaceBadge({ verdict }: { verdict: PaceVerdict }) {
  const t = useT();
  return <span className={`badge pace-${verdict}`}>{t(`pace.${verdict}`)}</span>;
}

function rateOf(r: TargetRow): number | null {
  return r.targetKind === "percent" ? (r.outcome?.rateBp ?? null) : (r.pace?.rateBp ?? null);
}

export function TargetsSection({ projectId, rows, canWrite }: { projectId: number; rows: TargetRow[]; canWrite: boolean }) {
  const t = useT();
  const reached = rows.find((r) => r.kind === "reach")?.value ?? null;
  const paced = rows.find((r) => r.pace && r.pace.verdict !== "noTarget");
  return (
    <section aria-labelledby="targets">
      <h2 id="targets">{t("targets.title")}</h2>
      {rows.length === 0 ? (
        <p>{t("targets.none")}</p>
      ) : (
        <DataTable
          label={t("targets.title")}
          className="targets"
          columns={[
            { label: t("targets.col.indicator") },
            { label: t("targets.col.target"), numeric: true },
            { label: t("targets.col.value"), numeric: true },
            { label: t("targets.col.rate"), numeric: true },
            { label: t("targets.col.pace") },
          ]}
        >
          <tbody>
            {rows.map((r) => {
              const rate = rateOf(r);
              const running = r.pace && !["notStarted", "met", "missed", "noTarget"].includes(r.pace.verdict);
              return (
                <tr key={r.id} data-indicator={r.kind}>
                  <th scope="row">
                    {indicatorLabel(t, r)}
                    {r.unit ? <span className="muted"> ({r.unit})</span> : null}
                    {canWrite ? (
                      <span className="sub">
                        <Link to={`/projects/${projectId}/indicators/${r.id}/entries/new`} aria-label={`${t("targets.addEntry")}: ${indicatorLabel(t, r)}`}>
                          {t("targets.addEntry")}
                        </Link>{" "}
                        ·{" "}
                        <Link to={`/projects/${projectId}/indicators/${r.id}`} aria-label={`${t("targets.manage")}: ${indicatorLabel(t, r)}`}>
                          {t("targets.manage")}
                        </Link>
                      </span>
                    ) : null}
                  </th>
                  <td className="num" data-label={t("targets.col.target")}>
                    {r.target === null ? "–" : r.targetKind === "percent" ? formatBasisPoints(r.target) : count(r.target)}
                  </td>
                  <td className="num" data-label={t("targets.col.value")}>
                    {count(r.value)}
                    {r.lastEntryDate ? <span className="sub">{t("targets.lastEntry", { lastDay: r.lastEntryDate })}</span> : null}
                  </td>
                  <td className="num" data-label={t("targets.col.rate")}>
                    {rate === null ? "–" : formatBasisPoints(rate)}
                    {r.targetKind === "percent" && reached !== null ? (
                      <span className="sub">{t("targets.outcomeOfReached", { value: count(r.value), reached: count(reached) })}</span>
                    ) : null}
                    {r.targetKind === "count" && r.shareOfReachedBp !== null ? (
                      <span className="sub">{t("targets.ofReached", { rateBp: r.shareOfReachedBp })}</span>
                    ) : null}
                  </td>
                  <td data-label={t("targets.col.pace")}>
                    {r.pace ? <PaceBadge verdict={r.pace.verdict} /> : null}
                    {r.outcome ? <span className={`badge outcome-${r.outcome.verdict}`}>{t(`outcomeVerdict.${r.outcome.verdict}`)}</span> : null}
                    {running && r.pace!.expectedToDate !== null ? (
                      <span className="sub">{t("targets.expected", { expected: count(r.pace!.expectedToDate) })}</span>
                    ) : null}
                    {running && r.pace!.projectedEnd !== null ? (
                      <span className="sub">{t("targets.projected", { projected: count(r.pace!.projectedEnd) })}</span>
                    ) : null}
                    {r.gender ? (
                      <span className="sub">
                        {t("targets.gender", {
                          women: formatBasisPoints(r.gender.womenBp),
                          men: formatBasisPoints(r.gender.menBp),
                          other: formatBasisPoints(r.gender.otherBp),
                          reported: count(r.gender.reported),
                        })}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
      {paced?.pace ? (
        <p className="muted">
          {t("targets.paceRule", {
            elapsedBp: paced.pace.elapsedBp,
            elapsedDays: paced.pace.elapsedDays,
            periodDays: paced.pace.periodDays,
            tolerance: PACE_TOLERANCE_PERCENT,
          })}
        </p>
      ) : null}
      {canWrite ? (
        <p>
          <Link className="button" to={`/projects/${projectId}/indicators/new`}>
            {t("targets.add")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
