/**
 * The import's template (issue 21; docs/spreadsheets.md, "Import"), in the user's language:
 * `?format=xlsx` (the default) a workbook with the header row, one example row and a sheet
 * explaining each column ("Ohje" / "Instructions"); `?format=csv` the header and the example row
 * as `;`-separated UTF-8 text with a byte order mark. The import reads either language's headers.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireViewer } from "~/utils/auth.server";
import { getLang } from "~/utils/i18n.server";
import { notFound } from "~/utils/http.server";
import { templateCsv, templateWorkbook } from "~/models/spreadsheet-import.server";

const FILE_NAMES = { fi: "hankkeet-tuontipohja", en: "projects-import-template" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, "project:write");
  const lang = await getLang(request);
  const format = new URL(request.url).searchParams.get("format") ?? "xlsx";
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "csv") {
    return new Response(templateCsv(lang), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${FILE_NAMES[lang]}.csv"` },
    });
  }
  if (format !== "xlsx") notFound();
  return new Response(new Uint8Array(await templateWorkbook(lang)), {
    headers: {
      ...headers,
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${FILE_NAMES[lang]}.xlsx"`,
    },
  });
}
