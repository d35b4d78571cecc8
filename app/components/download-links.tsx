/**
 * "Lataa: Excel (XLSX) · CSV" under a table: plain download links to the page's export
 * (docs/spreadsheets.md) carrying the page's own query (its filters; never its page number).
 */
import { useT } from "~/i18n/react";
import type { MessageKey } from "~/i18n";

export function DownloadLinks({
  path,
  query = "",
  label = "export.download",
  testId,
}: {
  path: string;
  query?: URLSearchParams | string;
  label?: MessageKey;
  testId?: string;
}) {
  const t = useT();
  const href = (format: "xlsx" | "csv") => {
    const next = new URLSearchParams(query);
    next.delete("page");
    next.set("format", format);
    return `${path}?${next.toString()}`;
  };
  return (
    <p className="muted" data-testid={testId}>
      {t(label)}{" "}
      <a href={href("xlsx")} download>
        {t("export.xlsx")}
      </a>{" "}
      ·{" "}
      <a href={href("csv")} download>
        {t("export.csv")}
      </a>
    </p>
  );
}
