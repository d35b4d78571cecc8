/**
 * npm run reminders -- [--dry-run] [--today YYYY-MM-DD] [--lang fi|en]: sends the day's e-mail
 * reminders of deadlines (app/models/reminder.server.ts) to the database at DATABASE_PATH, through
 * SMTP_URL (or to the log when it is not set). Run it once a day (cron, a systemd timer); running
 * it again sends nothing twice. --dry-run prints what would be sent and changes nothing; --today
 * pretends it is that day (default: today in Helsinki). Prints a summary line; exits with 1 if any
 * message could not be sent (the next run tries those again), 2 for a wrong command line.
 */
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { reminderSummary, runReminders } from "../app/models/reminder.server";
import { closeMailTransports, sendMail } from "../app/utils/mail.server";
import { parseEnv } from "../app/utils/env.server";
import { todayInHelsinki } from "../app/domain/clock";
import { isDay } from "../app/domain/days";
import { DEFAULT_LANG, isLang, translator, type Lang } from "../app/i18n";

export async function main(argv: string[], log = console.log, error = console.error): Promise<number> {
  let lang: Lang = DEFAULT_LANG;
  let dryRun = false;
  let today: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => (a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i]);
    if (a === "--dry-run") dryRun = true;
    else if (a === "--today" || a.startsWith("--today=")) {
      const v = value();
      if (!v || !isDay(v)) return usage(lang, error);
      today = v;
    } else if (a === "--lang" || a.startsWith("--lang=")) {
      const v = value();
      if (!isLang(v)) return usage(lang, error);
      lang = v;
    } else return usage(lang, error);
  }

  const env = parseEnv();
  const db = openDatabase(env.DATABASE_PATH);
  try {
    await migrateToLatestOrThrow(db);
    const report = await runReminders(db, {
      today: today ?? todayInHelsinki(),
      dryRun,
      send: (mail) => sendMail(mail, { transport: env.SMTP_URL ?? null, from: env.SMTP_FROM, log }),
      appUrl: env.APP_URL,
      lang,
      log,
    });
    (report.failed > 0 ? error : log)(reminderSummary(report, lang));
    return report.failed > 0 ? 1 : 0;
  } finally {
    closeMailTransports();
    await db.destroy();
  }
}

function usage(lang: Lang, error: (s: string) => void): number {
  error(translator(lang)("reminders.usage"));
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
