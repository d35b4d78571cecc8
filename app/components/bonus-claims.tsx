/** Pieces the bonus claim pages share: the stage as a badge, and the table of claims (no form code: the list page loads no form library). */
import { Link } from "@remix-run/react";
import type { ClaimStage } from "~/domain/bonus";
import { formatDay } from "~/domain/days";
import { useT } from "~/i18n/react";
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
