/** Showing a change request's comparison: changed fields and lines, and the effect per year. */
import type { FieldChange, LineChange, CommitmentChange, YearStateChange, PlanYearChange } from "~/domain/change-request";
import { formatBasisPoints, formatMoney } from "~/domain/money";
import { formatDay } from "~/domain/days";
import { useT, useTDynamic } from "~/i18n/react";
import { TableRegion } from "~/components/table-region";

type Jsonified<T> = T extends (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

export function useFormatFieldValue() {
  const t = useT();
  const td = useTDynamic();
  return (c: Jsonified<FieldChange>, side: "before" | "after"): string => {
    const v = c[side];
    if (v === null || v === undefined) return "–";
    switch (c.kind) {
      case "money":
        return formatMoney(v as number);
      case "percent":
        return formatBasisPoints(v as number);
      case "day":
        return formatDay(v as string);
      case "hours":
        return `${((v as number) / 100).toLocaleString("fi-FI")} h`;
      case "split": {
        const list = v as { year: number; amountCents: number }[];
        return list.length === 0 ? t("plan.derived") : list.map((y) => `${y.year}: ${formatMoney(y.amountCents)}`).join(", ");
      }
      case "code": {
        for (const prefix of ["costModel", "condition", "role", "costKind", "financingKind"]) {
          const text = td(`${prefix}.${v as string}`);
          if (text !== `${prefix}.${v as string}`) return text;
        }
        return String(v);
      }
      default:
        return String(v);
    }
  };
}

export function useFieldLabel() {
  const td = useTDynamic();
  return (field: string) => {
    const key = `field.${field}`;
    const text = td(key);
    return text === key ? field : text;
  };
}

export function FieldChangesTable({
  fields,
  caption,
  beforeLabel,
  afterLabel,
}: {
  fields: Jsonified<FieldChange>[];
  caption: string;
  beforeLabel?: string;
  afterLabel?: string;
}) {
  const t = useT();
  const fmt = useFormatFieldValue();
  const label = useFieldLabel();
  return (
    <TableRegion label={caption}>
      <table className="data compare">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("plan.kind")}</th>
            <th scope="col">{beforeLabel ?? t("changeRequest.before")}</th>
            <th scope="col">{afterLabel ?? t("changeRequest.after")}</th>
            <th scope="col" className="num">
              {t("changeRequest.difference")}
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((c, i) => (
            <tr key={i} data-field={c.field}>
              <th scope="row">{label(c.field)}</th>
              <td>{fmt(c, "before")}</td>
              <td>{fmt(c, "after")}</td>
              <td className="num">{c.kind === "money" && c.differenceCents !== null ? signedMoney(c.differenceCents) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function signedMoney(cents: number, always = false): string {
  const text = formatMoney(cents, { cents: always ? "always" : "auto" });
  return cents > 0 ? `+${text}` : text;
}

export function ItemChanges({ lines, commitments }: { lines: Jsonified<LineChange>[]; commitments: Jsonified<CommitmentChange>[] }) {
  const t = useT();
  const td = useTDynamic();
  const fmt = useFormatFieldValue();
  const label = useFieldLabel();
  const kindLabel = (side: string, kind: string) => td(side === "cost" ? `costKind.${kind}` : `financingKind.${kind}`);
  return (
    <ul className="item-changes">
      {lines.map((l, i) => (
        <li key={`l${i}`}>
          <strong>{kindLabel(l.side, l.kind)}</strong>
          {l.organisationName ? ` (${l.organisationName})` : ""}
          {l.label ? ` – ${l.label}` : ""}: <span className={`badge change-${l.change}`}>{t(`changeRequest.line.${l.change}`)}</span>
          <ul className="changes">
            {l.fields.map((c, j) => (
              <li key={j}>
                {label(c.field)}: {fmt(c, "before")} → {fmt(c, "after")}
              </li>
            ))}
          </ul>
        </li>
      ))}
      {commitments.map((c, i) => (
        <li key={`c${i}`}>
          <strong>{t("project.commitments")}</strong> ({c.organisationName}):{" "}
          <span className={`badge change-${c.change}`}>{t(`changeRequest.line.${c.change}`)}</span>
          <ul className="changes">
            {c.fields.map((f, j) => (
              <li key={j}>
                {label(f.field)}: {fmt(f, "before")} → {fmt(f, "after")}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** Years as columns: before, after and the change, confirmed and conditional apart. */
export function YearEffectTable({
  rows,
  caption,
  id,
  beforeLabel,
  afterLabel,
}: {
  rows: Jsonified<YearStateChange>[];
  caption: string;
  id: string;
  beforeLabel: string;
  afterLabel: string;
}) {
  const t = useT();
  const cell = (c: number) => formatMoney(c, { cents: "always" });
  const line = (label: string, pick: (r: Jsonified<YearStateChange>) => number, strong = false, signed = false) => (
    <tr className={strong ? "strong" : undefined}>
      <th scope="row">{label}</th>
      {rows.map((r) => (
        <td className="num" key={r.year} data-year={r.year}>
          {signed ? signedMoney(pick(r), true) : cell(pick(r))}
        </td>
      ))}
      <td className="num">
        {signed
          ? signedMoney(
              rows.reduce((a, r) => a + pick(r), 0),
              true,
            )
          : cell(rows.reduce((a, r) => a + pick(r), 0))}
      </td>
    </tr>
  );
  return (
    <TableRegion label={caption}>
      <table className="data years" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("common.year")}</th>
            {rows.map((r) => (
              <th scope="col" className="num" key={r.year}>
                {r.year}
              </th>
            ))}
            <th scope="col" className="num">
              {t("common.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {line(`${beforeLabel}: ${t("commitment.confirmed").toLowerCase()}`, (r) => r.before.confirmedCents)}
          {line(`${beforeLabel}: ${t("commitment.conditional").toLowerCase()}`, (r) => r.before.conditionalCents)}
          {line(`${beforeLabel}: ${t("common.total").toLowerCase()}`, (r) => r.before.totalCents, true)}
          {line(`${afterLabel}: ${t("commitment.confirmed").toLowerCase()}`, (r) => r.after.confirmedCents)}
          {line(`${afterLabel}: ${t("commitment.conditional").toLowerCase()}`, (r) => r.after.conditionalCents)}
          {line(`${afterLabel}: ${t("common.total").toLowerCase()}`, (r) => r.after.totalCents, true)}
          {line(t("changeRequest.difference"), (r) => r.differenceCents, true, true)}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function PlanYearsTable({
  rows,
  caption,
  beforeLabel,
  afterLabel,
}: {
  rows: Jsonified<PlanYearChange>[];
  caption: string;
  beforeLabel?: string;
  afterLabel?: string;
}) {
  const t = useT();
  return (
    <TableRegion label={caption}>
      <table className="data years">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("common.year")}</th>
            {rows.map((r) => (
              <th scope="col" className="num" key={r.year}>
                {r.year}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{beforeLabel ?? t("changeRequest.before")}</th>
            {rows.map((r) => (
              <td className="num" key={r.year}>
                {formatMoney(r.beforeCents, { cents: "always" })}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{afterLabel ?? t("changeRequest.after")}</th>
            {rows.map((r) => (
              <td className="num" key={r.year}>
                {formatMoney(r.afterCents, { cents: "always" })}
              </td>
            ))}
          </tr>
          <tr className="strong">
            <th scope="row">{t("changeRequest.difference")}</th>
            {rows.map((r) => (
              <td className="num" key={r.year}>
                {signedMoney(r.differenceCents, true)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </TableRegion>
  );
}
