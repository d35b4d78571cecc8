/**
 * Account administration from the command line (the same as the administrator's pages
 * /users and /users/ID; every change is in the audit trail as the system's):
 *
 *   npm run token:create -- --email ADDRESS [--name LABEL] [--days 90] [--scope read|write]
 *   npm run token:list [-- --email ADDRESS]
 *   npm run token:revoke -- --id TOKEN_ID
 *   npm run user:deactivate -- --email ADDRESS
 *   npm run user:activate -- --email ADDRESS
 *   npm run user:end-sessions -- --email ADDRESS
 *
 * A token is printed once (only its hash is stored); it opens the API only (/api/…), with its
 * user's role and organisation, until it expires (default 90 days, at most 365) or is revoked.
 */
import { parseArgs } from "node:util";
import { openDatabase, type DB } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { parseEnv } from "../app/utils/env.server";
import { SYSTEM } from "../app/models/audit.server";
import { createApiToken, endSessions, listApiTokens, revokeApiToken, setUserActive, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from "../app/models/user.server";

const COMMANDS = ["token:create", "token:list", "token:revoke", "user:deactivate", "user:activate", "user:end-sessions"] as const;
type Command = (typeof COMMANDS)[number];

export async function run(
  db: DB,
  command: Command,
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: "string" },
      name: { type: "string", default: "API" },
      days: { type: "string" },
      scope: { type: "string", default: "read" },
      id: { type: "string" },
    },
  });
  const userByEmail = async () => {
    if (!values.email) return null;
    return (
      (await db
        .selectFrom("app_user")
        .select(["id", "active", "revision", "email"])
        .where("email", "=", values.email.trim().toLowerCase())
        .executeTakeFirst()) ?? null
    );
  };
  switch (command) {
    case "token:create": {
      const user = await userByEmail();
      if (!user || user.active !== 1) return fail(err, `no active user with e-mail ${values.email ?? "(missing --email)"}`, values.email ? 1 : 2);
      const days = values.days === undefined ? TOKEN_DEFAULT_DAYS : Number(values.days);
      if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS) return fail(err, `--days must be a whole number from 1 to ${TOKEN_MAX_DAYS}`, 2);
      if (values.scope !== "read" && values.scope !== "write") return fail(err, "--scope must be read or write", 2);
      const created = await createApiToken(db, SYSTEM, user.id, { name: values.name!, scope: values.scope, days });
      out(created.token);
      err(
        `Token #${created.id} created for ${user.email} (${values.scope}), valid until ${created.expiresAt}. Use it as: Authorization: Bearer <token>. It is shown only this once.`,
      );
      return 0;
    }
    case "token:list": {
      const user = values.email ? await userByEmail() : null;
      if (values.email && !user) return fail(err, `no user with e-mail ${values.email}`, 1);
      const now = Date.now();
      const rows = await listApiTokens(db, user?.id);
      if (rows.length === 0) out("No tokens.");
      for (const r of rows) {
        const state = r.revokedAt
          ? `revoked ${r.revokedAt}`
          : r.expiresAt === null || Date.parse(r.expiresAt) <= now
            ? "expired"
            : `valid until ${r.expiresAt}`;
        out(`#${r.id}\t${r.userEmail}\t${r.name}\t${r.scope}\tcreated ${r.createdAt}\tlast used ${r.lastUsedAt ?? "never"}\t${state}`);
      }
      return 0;
    }
    case "token:revoke": {
      if (!values.id || !/^\d+$/.test(values.id)) return fail(err, "usage: npm run token:revoke -- --id TOKEN_ID", 2);
      if (!(await revokeApiToken(db, SYSTEM, Number(values.id)))) return fail(err, `no valid token #${values.id}`, 1);
      out(`Token #${values.id} revoked.`);
      return 0;
    }
    case "user:deactivate":
    case "user:activate": {
      const user = await userByEmail();
      if (!user) return fail(err, `no user with e-mail ${values.email ?? "(missing --email)"}`, values.email ? 1 : 2);
      const active = command === "user:activate";
      if ((user.active === 1) === active) {
        out(`${user.email} is already ${active ? "active" : "deactivated"}.`);
        return 0;
      }
      const result = await setUserActive(db, SYSTEM, user.id, active, user.revision);
      if (result !== "ok") return fail(err, `${user.email} changed meanwhile; try again`, 1);
      out(active ? `${user.email} reactivated.` : `${user.email} deactivated: cannot sign in, sessions ended, tokens stopped.`);
      return 0;
    }
    case "user:end-sessions": {
      const user = await userByEmail();
      if (!user) return fail(err, `no user with e-mail ${values.email ?? "(missing --email)"}`, values.email ? 1 : 2);
      out(`${await endSessions(db, SYSTEM, user.id)} sessions of ${user.email} ended.`);
      return 0;
    }
  }
}

function fail(err: (s: string) => void, message: string, code: number): number {
  err(message);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, ...rest] = process.argv.slice(2);
  if (!COMMANDS.includes(command as Command)) {
    console.error(`usage: tsx scripts/accounts.ts ${COMMANDS.join("|")} [options]`);
    process.exit(2);
  }
  const db = openDatabase(parseEnv().DATABASE_PATH);
  let code = 1;
  try {
    await migrateToLatestOrThrow(db);
    code = await run(db, command as Command, rest);
  } finally {
    await db.destroy();
  }
  process.exit(code);
}
