/**
 * npm run user:create -- --email ADDRESS --name "NAME" [--role admin|manager|committee|association]
 *                       [--organisation "ORGANISATION NAME"]
 * Creates an account (by default the first administrator). The password is read from the
 * environment variable HV_PASSWORD or, when it is not set, from standard input.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { parseEnv } from "../app/utils/env.server";
import { createUser } from "../app/models/user.server";
import { markRealContents } from "../app/models/setting.server";
import { SYSTEM } from "../app/models/audit.server";
import { ROLES, type Role } from "../app/domain/permissions";
import { passwordProblemKey } from "../app/schemas/password-rules";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "admin" }, organisation: { type: "string" } },
});
if (!values.email || !values.name)
  fail("usage: npm run user:create -- --email ADDRESS --name NAME [--role ROLE] [--organisation NAME]  (password from HV_PASSWORD or stdin)");
if (!ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(", ")}`);
const password = process.env.HV_PASSWORD ?? (await readStdin());
const problem = passwordProblemKey(password);
if (problem) fail(problem === "auth.password.tooShort" ? "the password needs at least 12 characters" : "the password is too long");

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  await migrateToLatestOrThrow(db);
  let organisationId: number | null = null;
  if (values.role === "association") {
    if (!values.organisation) fail("an association representative needs --organisation");
    const org = await db.selectFrom("organisation").select("id").where("name", "=", values.organisation).executeTakeFirst();
    if (!org) fail(`no organisation named "${values.organisation}"`);
    organisationId = org.id;
  }
  const exists = await db.selectFrom("app_user").select("id").where("email", "=", values.email.trim().toLowerCase()).executeTakeFirst();
  if (exists) fail(`a user with e-mail ${values.email} already exists`, 1);
  const id = await createUser(db, SYSTEM, { email: values.email, name: values.name, role: values.role as Role, organisationId, password });
  await markRealContents(db);
  console.log(`Created user #${id} ${values.email} (${values.role}).`);
} finally {
  await db.destroy();
}
