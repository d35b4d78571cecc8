/** Pieces the bonus claim pages share: the stage as a badge, and the table of claims. */
import { Link } from "@remix-run/react";
import type { ClaimStage } from "~/domain/bonus";
import { formatDay } from "~/domain/days";
import { useT, useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { fieldId, useHvFormContext } from "./form";
import { DataTable } from "./data-table";
import { Money } from "./format";

export interface ClaimStageFacts {
  stage: ClaimStage;
  payableOn: string;
  approvedOn: string | null;
  paidOn: string | null;
  rejectedOn: string | null;
}

/** The stage in words, with its day ("Odottaa maksupäivää 28.2.2027", "Maksettu 3.12.2026"). */
export function ClaimStageBadge({ c }: { c: ClaimStageFacts }) {
  const t = useT();
  return (
    <span className={`badge bonus-${c.stage}`}>
      {t(`bonus.stage.${c.stage}`, { payableDay: c.payableOn, approvedDay: c.approvedOn ?? "", paidDay: c.paidOn ?? "", rejectedDay: c.rejectedOn ?? "" })}
    </span>
  );
}

export interface ClaimListItem extends ClaimStageFacts {
  id: number;
  reference: string;
  organisationName: string;
  kind: "work" | "studies";
  startDate: string;
  amountCents: number;
}

export function ClaimTable({ claims, caption, showOrganisation }: { claims: ClaimListItem[]; caption: string; showOrganisation: boolean }) {
  const t = useT();
  return (
    <DataTable
      id="claims"
      caption={caption}
      columns={[
        { label: t("bonus.col.reference") },
        ...(showOrganisation ? [{ label: t("bonus.col.organisation") }] : []),
        { label: t("bonus.col.kind") },
        { label: t("bonus.col.start") },
        { label: t("bonus.col.payable") },
        { label: t("bonus.col.stage") },
        { label: t("bonus.col.amount"), numeric: true },
      ]}
    >
      <tbody>
        {claims.map((c) => (
          <tr key={c.id}>
            <th scope="row">
              <Link to={`/bonus-claims/${c.id}`}>{c.reference}</Link>
            </th>
            {showOrganisation ? <td>{c.organisationName}</td> : null}
            <td>{t(`bonus.kind.${c.kind}`)}</td>
            <td className="nowrap">{formatDay(c.startDate)}</td>
            <td className="nowrap">{formatDay(c.payableOn)}</td>
            <td>
              <ClaimStageBadge c={c} />
            </td>
            <td className="num nowrap">
              <Money cents={c.amountCents} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** Radio buttons in a fieldset, tied to their error; none is chosen until the person chooses. */
export function RadioGroup({
  name,
  legend,
  options,
  hint,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string; disabled?: boolean }[];
  hint?: string;
}) {
  const f = useHvFormContext();
  const td = useTDynamic();
  const err = f.error(name);
  const errorId = `${fieldId(name)}-error`;
  const hintId = `${fieldId(name)}-hint`;
  const described = [hint ? hintId : null, err ? errorId : null].filter(Boolean).join(" ") || undefined;
  const current = f.value(name);
  return (
    <fieldset className="radio-group" id={fieldId(name)} aria-describedby={described} aria-invalid={err ? true : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {options.map((o) => (
        <label key={o.value} className={o.disabled ? "disabled" : undefined}>
          <input type="radio" value={o.value} disabled={o.disabled} defaultChecked={current === o.value} {...f.rhf.register(name)} /> {o.label}
        </label>
      ))}
      {err ? (
        <p className="field-error" id={errorId} data-field={name}>
          {td(decodeError(err).key, decodeError(err).params)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A file input (not a react-hook-form value: the browser posts it with the multipart form), with the server's message. */
export function FileField({ name, label, required }: { name: string; label: string; required?: boolean }) {
  const f = useHvFormContext();
  const td = useTDynamic();
  const err = f.error(name);
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={fieldId(name)}
        type="file"
        name={name}
        accept=".pdf,.docx,.xlsx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${fieldId(name)}-error` : undefined}
        aria-required={required || undefined}
      />
      {err ? (
        <p className="field-error" id={`${fieldId(name)}-error`} data-field={name}>
          {td(decodeError(err).key, decodeError(err).params)}
        </p>
      ) : null}
    </div>
  );
}
