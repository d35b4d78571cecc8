/**
 * Employment bonus claims. An association's representative sees its own organisation's claims
 * and files new ones; a manager (or admin) sees every claim, by what happens next: to review
 * (payable now), waiting for their payable day, more evidence requested, approved but not paid,
 * paid, rejected, withdrawn. A page of 50 with each list's count and the list's sum beside it.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { can } from "~/domain/permissions";
import { todayInHelsinki } from "~/domain/clock";
import { lenientPage } from "~/domain/paging";
import { listClaims } from "~/models/bonus.server";
import { CLAIM_FILTERS, type ClaimFilter } from "~/domain/bonus";
import { ClaimTable } from "~/components/bonus-claims";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatInteger } from "~/domain/money";
import { DownloadLinks } from "~/components/download-links";
import { useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((_data, t) => t("bonus.list.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:read");
  const url = new URL(request.url);
  const own = viewer.role === "association";
  const rawFilter = url.searchParams.get("show") ?? "";
  const filter: ClaimFilter = (CLAIM_FILTERS as readonly string[]).includes(rawFilter) ? (rawFilter as ClaimFilter) : own ? "all" : "review";
  const rawOrg = url.searchParams.get("organisation") ?? "";
  const organisationId = !own && /^\d{1,12}$/.test(rawOrg) ? Number(rawOrg) : null;
  const db = getDb();
  const today = todayInHelsinki();
  const list = await listClaims(db, viewer, { filter, organisationId, page: lenientPage(url.searchParams.get("page")) }, today);
  const organisationName =
    organisationId === null ? null : ((await db.selectFrom("organisation").select("name").where("id", "=", organisationId).executeTakeFirst())?.name ?? null);
  return json({
    ...list,
    filter,
    own,
    organisationId,
    organisationName,
    canFile: can(viewer, "bonus:file"),
    canSummary: can(viewer, "bonus:summary"),
  });
}

export default function BonusClaims() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const href = (f: ClaimFilter) => {
    const p = new URLSearchParams();
    p.set("show", f);
    if (d.organisationId !== null) p.set("organisation", String(d.organisationId));
    return `?${p.toString()}`;
  };
  const shown = d.counts[d.filter];
  return (
    <>
      <h1>{d.own ? t("bonus.list.own") : t("bonus.list.title")}</h1>
      <p className="hint">
        {t("bonus.rule")} {t("bonus.ruleSource")}
      </p>
      <p className="actions">
        {d.canFile ? (
          <Link to="/bonus-claims/new" className="button">
            {t("bonus.list.new")}
          </Link>
        ) : null}
        {d.canSummary ? <Link to="/bonus-claims/summary">{t("bonus.list.summary")}</Link> : null}
      </p>
      {d.organisationName ? (
        <p className="notice">
          {t("bonus.list.organisationFilter", { name: d.organisationName })} <Link to={`?show=${d.filter}`}>{t("bonus.list.clearOrganisation")}</Link>
        </p>
      ) : null}
      <nav aria-label={t("bonus.filter.label")}>
        <ul className="bucket-counts">
          {(d.own ? CLAIM_FILTERS.filter((f) => f !== "review" || d.counts.review.count > 0) : CLAIM_FILTERS).map((f) => (
            <li key={f}>
              <Link to={href(f)} aria-current={f === d.filter ? "page" : undefined}>
                {t("bonus.filter.count", { label: t(`bonus.filter.${f}`), count: formatInteger(d.counts[f].count) })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {d.claims.length === 0 ? (
        <p>{t("bonus.list.empty")}</p>
      ) : (
        <>
          <ClaimTable claims={d.claims} caption={t(`bonus.filter.${d.filter}`)} showOrganisation={!d.own} />
          <p className="totals" data-testid="claims-total">
            {t("bonus.list.total", { count: formatInteger(shown.count), amountCents: shown.cents })}
          </p>
          <DownloadLinks path="/exports/bonus-claims" query={href(d.filter).slice(1)} />
          <Pagination page={d.page} label={t("bonus.list.table")} />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
