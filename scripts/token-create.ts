/**
 * npm run token:create -- --email ADDRESS [--name "what it is for"]
 * Creates an API token for an existing user and prints it once. Only its hash is stored; the
 * API answers the token's holder with that user's role and organisation scoping.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { parseEnv } from "../app/utils/env.server";
import { createApiToken } from "../app/models/user.server";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string", default: "API" } } });
if (!values.email) {
  console.error("usage: npm run token:create -- --email ADDRESS [--name LABEL]");
  process.exit(2);
}
const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  await migrateToLatestOrThrow(db);
  const user = await db.selectFrom("app_user").select(["id", "active"]).where("email", "=", values.email.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.active !== 1) {
    console.error(`no active user with e-mail ${values.email}`);
    process.exit(1);
  }
  const token = await createApiToken(db, user.id, values.name!);
  console.log(token);
  console.error(`Token created for ${values.email}. Use it as: Authorization: Bearer <token>. It is shown only this once.`);
} finally {
  await db.destroy();
}
