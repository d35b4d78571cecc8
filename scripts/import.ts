/**
 * npm run import -- FILE.json [--lang fi|en]: loads a ledger file (the shape of GET
 * /api/v1/export, documented in docs/import-format.md) into the database at DATABASE_PATH,
 * all or nothing. On any problem it prints every one with its JSON path, saves nothing and
 * exits with 1 (2 for a wrong command line); on success it prints what was imported.
 */
import fs from "node:fs";
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { importLedger } from "../app/models/ledger-import.server";
import { markRealContents } from "../app/models/setting.server";
import { DEFAULT_LANG, isLang, translator, type Lang } from "../app/i18n";
import { parseEnv } from "../app/utils/env.server";

export async function main(argv: string[], log = console.log, error = console.error): Promise<number> {
  let lang: Lang = DEFAULT_LANG;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--lang" || a.startsWith("--lang=")) {
      const v = a.includes("=") ? a.slice("--lang=".length) : argv[++i];
      if (!isLang(v)) return usage(lang, error);
      lang = v;
    } else if (a.startsWith("--")) return usage(lang, error);
    else files.push(a);
  }
  const t = translator(lang);
  if (files.length !== 1) return usage(lang, error);
  const file = files[0]!;

  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    error(t("import.file.unreadable", { file, detail: (e as Error).message }));
    return 1;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    error(t("import.json.invalid", { detail: (e as Error).message }));
    error(t("import.failed", { count: 1 }));
    return 1;
  }

  const env = parseEnv();
  const db = openDatabase(env.DATABASE_PATH);
  try {
    await migrateToLatestOrThrow(db);
    const result = await importLedger(db, document);
    if (!result.ok) {
      for (const p of result.problems) error(`${p.path}: ${t(p.key, p.params)}`);
      error(t("import.failed", { count: result.problems.length }));
      return 1;
    }
    await markRealContents(db);
    const s = result.summary;
    const created = s.organisations.filter((o) => o.action === "created").length;
    log(
      t("import.done", {
        projects: s.projects.length,
        versions: s.projects.reduce((a, p) => a + p.versions, 0),
        commitments: s.projects.reduce((a, p) => a + p.commitments, 0),
        changeRequests: s.projects.reduce((a, p) => a + p.changeRequests, 0),
        database: env.DATABASE_PATH,
        created,
        matched: s.organisations.length - created,
      }),
    );
    const sum = (f: (p: (typeof s.projects)[number]) => number) => s.projects.reduce((a, p) => a + f(p), 0);
    if (s.projects.some((p) => p.targets + p.obligations + p.paymentApplications > 0))
      log(
        t("import.done.followUp", {
          targets: sum((p) => p.targets),
          entries: sum((p) => p.entries),
          obligations: sum((p) => p.obligations),
          deadlines: sum((p) => p.deadlines),
          payments: sum((p) => p.paymentApplications),
        }),
      );
    if (s.bonus.claims + s.bonus.years.length + s.bonus.yearsKept.length > 0)
      log(
        t("import.done.bonus", {
          claims: s.bonus.claims,
          events: s.bonus.events,
          attachments: s.bonus.attachments,
          years: s.bonus.years.join(", ") || "–",
          kept: s.bonus.yearsKept.join(", ") || "–",
        }),
      );
    for (const o of s.organisations) {
      const key =
        o.action === "created" ? "import.done.created" : o.action === "matchedByBusinessId" ? "import.done.matchedByBusinessId" : "import.done.matchedByName";
      log(t(key, { name: o.databaseName, businessId: o.businessId ?? "" }) + (o.databaseName !== o.name ? t("import.done.fileName", { name: o.name }) : ""));
    }
    for (const p of s.projects)
      log(
        t("import.done.project", {
          caseNumber: p.caseNumber,
          shortName: p.shortName,
          versions: p.versions,
          commitments: p.commitments,
          changeRequests: p.changeRequests,
        }),
      );
    return 0;
  } finally {
    await db.destroy();
  }
}

function usage(lang: Lang, error: (s: string) => void): number {
  error(translator(lang)("import.usage"));
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
