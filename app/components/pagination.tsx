/**
 * Links to the other pages of a list, keeping the rest of the URL's state (filters, sorting).
 * Plain links: they work without JavaScript and can be shared.
 */
import { Link, useSearchParams } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { formatInteger } from "~/domain/money";
import type { Page } from "~/domain/paging";

export function Pagination({ page, label, param = "page" }: { page: Page; label: string; param?: string }) {
  const t = useT();
  const [params] = useSearchParams();
  if (page.pageCount <= 1) return null;
  const href = (n: number) => {
    const next = new URLSearchParams(params);
    if (n <= 1) next.delete(param);
    else next.set(param, String(n));
    const s = next.toString();
    return s ? `?${s}` : "?";
  };
  const from = page.offset + 1;
  const to = Math.min(page.offset + page.size, page.total);
  const item = (n: number, text: string, rel?: string) =>
    n === page.page || n < 1 || n > page.pageCount ? (
      <span className="disabled" aria-disabled="true">
        {text}
      </span>
    ) : (
      <Link to={href(n)} rel={rel} preventScrollReset>
        {text}
      </Link>
    );
  return (
    <nav className="pagination" aria-label={t("paging.nav", { label })}>
      {item(1, t("paging.first"))}
      {item(page.page - 1, t("paging.previous"), "prev")}
      <span aria-current="page">
        {t("paging.status", { page: formatInteger(page.page), pageCount: formatInteger(page.pageCount) })}
        <span className="sub">{t("paging.showing", { from: formatInteger(from), to: formatInteger(to), total: formatInteger(page.total) })}</span>
      </span>
      {item(page.page + 1, t("paging.next"), "next")}
      {item(page.pageCount, t("paging.last"))}
    </nav>
  );
}
