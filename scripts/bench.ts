/**
 * npm run bench -- [--areas 45] [--projects 300] [--seconds 5] [--fresh] [--no-write]
 *
 * The national-scale benchmark, in one run (docs/benchmarks.md, issue 15's targets):
 * 1. generates the data set deterministically (scripts/generate-ledger.ts) and imports it into
 *    its own database file under .bench/ (reused while the generator, size and migrations are
 *    the same; --fresh imports again), with a manager account for the measurements;
 * 2. builds the app if there is no build or a source file is newer than it, and starts the compiled server (`node build/server.js`
 *    with the README's heap size) on a free loopback port against that file;
 * 3. times the loaders in this process (the built routes' own loader functions, p50/p95/max)
 *    beside their lower bound: the same SQL statements, captured from the loader and run
 *    directly with better-sqlite3 prepared statements;
 *    Also the deadline view (`/deadlines`, its overdue standing, `GET /api/v1/deadlines`) and the
 *    portfolio filtered to projects behind their reach target's pace (`/?pace=behind`): p95 ≤ 50 ms;
 * 4. load-tests whole requests with autocannon (10 connections) on the project page, `/`,
 *    `/commitments`, `/deadlines` and the API list beside `/login` (a minimal page of the same app, same run);
 *    then 10 clients on `/` for 10 s; sampling the server's RSS;
 * 5. streams a full export through HTTP (time, bytes, the server's peak RSS), and the whole
 *    portfolio as a spreadsheet (`/exports/portfolio`, XLSX and CSV) the same way;
 * 6. the HTML size of the list pages and the gzip JavaScript per route from the build;
 * and writes the tables into docs/benchmarks.md between its markers. Loopback only.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import os from "node:os";
import crypto from "node:crypto";
import net from "node:net";
import { spawn, execSync, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import autocannon from "autocannon";
import type { ServerBuild } from "@remix-run/node";
import { generateLedger } from "./generate-ledger";
import { openDatabase } from "../db/connection";
import { migrateToLatestOrThrow } from "../db/migrate";
import { migrations } from "../db/migrations/index";
import type { Database } from "../db/schema";
import { importLedger } from "../app/models/ledger-import.server";
import { markRealContents } from "../app/models/setting.server";
import { createUser } from "../app/models/user.server";
import { SYSTEM } from "../app/models/audit.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    areas: { type: "string", default: "45" },
    projects: { type: "string", default: "300" },
    seconds: { type: "string", default: "5" },
    fresh: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const AREAS = Number(args.areas);
const PER_AREA = Number(args.projects);
const SECONDS = Number(args.seconds);
const HEAP_MB = Number(process.env.MAX_HEAP_MB ?? 256);
const EMAIL = "bench@hankevahti.test";
const PASSWORD = "bench-password-not-for-production";
const SECRET = "bench-session-secret-0123456789abcdef";
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

/* ---------- 1. the data set ---------- */

const dir = path.join(root, ".bench");
fs.mkdirSync(dir, { recursive: true });
const stamp = crypto
  .createHash("sha256")
  .update(JSON.stringify({ AREAS, PER_AREA, migrations: Object.keys(migrations) }))
  .update(fs.readFileSync(path.join(root, "scripts/generate-ledger.ts")))
  .update(
    fs
      .readdirSync(path.join(root, "db/migrations"))
      .sort()
      .map((f) => fs.readFileSync(path.join(root, "db/migrations", f), "utf8"))
      .join("\n"),
  )
  .digest("hex")
  .slice(0, 12);
const dbFile = path.join(dir, `national-${AREAS}x${PER_AREA}-${stamp}.sqlite`);
let importSeconds: number | null = null;
let importPeakMb: number | null = null;
if (args.fresh || !fs.existsSync(dbFile)) {
  for (const f of fs.readdirSync(dir)) if (f.startsWith("national-")) fs.rmSync(path.join(dir, f));
  log(`generating ${AREAS} × ${PER_AREA} projects and importing them into ${path.relative(root, dbFile)}`);
  const doc = generateLedger({ areas: AREAS, projectsPerArea: PER_AREA, seed: 1 });
  const db = openDatabase(dbFile);
  await migrateToLatestOrThrow(db);
  const t0 = performance.now();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const result = await importLedger(db, doc);
  clearInterval(sampler);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  importSeconds = (performance.now() - t0) / 1000;
  importPeakMb = Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6);
  await markRealContents(db);
  await createUser(db, SYSTEM, { email: EMAIL, name: "Benchmark", role: "manager", organisationId: null, password: PASSWORD });
  await db.destroy();
  log(`imported in ${importSeconds.toFixed(1)} s`);
} else log(`reusing ${path.relative(root, dbFile)} (--fresh imports again)`);

const counts = (() => {
  const s = new SQLite(dbFile, { readonly: true });
  const n = (t: string) => (s.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  const out = {
    projects: n("project"),
    versions: n("plan_version"),
    commitments: n("commitment"),
    requests: n("change_request"),
    indicators: n("indicator"),
    entries: n("indicator_entry"),
    obligations: n("obligation"),
    deadlines: n("deadline"),
    payments: n("payment_application"),
    reports: n("report"),
    bonusClaims: n("bonus_claim"),
    mb: fs.statSync(dbFile).size / 1e6,
  };
  s.close();
  return out;
})();

/* ---------- 2. the built server ---------- */

/** The newest modification time of the sources the build is made of. */
function newestSource(): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.(ts|tsx|css|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, fs.statSync(f).mtimeMs);
    }
  };
  for (const d of ["app", "db", "scripts"]) walk(path.join(root, d));
  return newest;
}
const builtAt = ["build/server.js", "build/index.js"].map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0));
if (Math.min(...builtAt) < newestSource()) {
  log(Math.min(...builtAt) === 0 ? "no build: npm run build" : "sources newer than the build: npm run build");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "build/server.js"], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: dbFile, SESSION_SECRET: SECRET, SEED_WHEN_EMPTY: "0", NODE_ENV: "production" },
  stdio: ["ignore", "pipe", "pipe"],
});
let serverOutput = "";
server.stdout!.on("data", (d) => (serverOutput += d));
server.stderr!.on("data", (d) => (serverOutput += d));
process.on("exit", () => server.kill());
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/login`)).status === 200) break;
  } catch {
    /* not yet */
  }
  if (i > 300 || server.exitCode !== null) throw new Error(`server did not start:\n${serverOutput}`);
  await new Promise((r) => setTimeout(r, 100));
}
const rssMb = () => {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
};
const idleRss = rssMb();
log(`server on ${base}, RSS ${idleRss} MB idle`);

const login = await fetch(`${base}/login`, {
  method: "POST",
  body: new URLSearchParams({ email: EMAIL, password: PASSWORD, redirectTo: "/" }),
  headers: { Origin: base },
  redirect: "manual",
});
const cookie = login.headers.get("set-cookie")?.split(";")[0];
if (!cookie) throw new Error(`sign-in failed (${login.status})`);

const probe = new SQLite(dbFile, { readonly: true });
const projectId = (probe.prepare("SELECT project_id AS id FROM change_request WHERE state = 'pending' ORDER BY id LIMIT 1").get() as { id: number }).id;
const requestId = (probe.prepare("SELECT id FROM change_request WHERE state = 'pending' ORDER BY id LIMIT 1").get() as { id: number }).id;
const claimId = (probe.prepare("SELECT id FROM bonus_claim WHERE status = 'submitted' ORDER BY id LIMIT 1").get() as { id: number }).id;
const bonusYear = (probe.prepare("SELECT max(substr(approved_on, 1, 4)) AS y FROM bonus_claim").get() as { y: string }).y;
probe.close();

/* ---------- 3. loaders in this process, beside their SQL ---------- */

process.env.DATABASE_PATH = dbFile;
process.env.SESSION_SECRET = SECRET;
const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
const raw = new SQLite(dbFile);
raw.pragma("busy_timeout = 5000");
const g = globalThis as { __hankevahtiDb?: unknown };
const plain = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
let captured: { sql: string; parameters: readonly unknown[] }[] = [];
const capturing = new Kysely<Database>({
  dialect: new SqliteDialect({ database: raw }),
  log: (e) => {
    if (e.level === "query") captured.push({ sql: e.query.sql, parameters: e.query.parameters });
  },
});

/** `sqlRatio: false`: the target is the p95 alone (the deadline view's issue), not also ≤ 2× the SQL. */
const PAGES: { label: string; route: string; url: string; params: Record<string, string>; target: number; sqlRatio?: boolean }[] = [
  { label: "`/` portfolio", route: "routes/_index", url: "/", params: {}, target: 50 },
  { label: "`/commitments`", route: "routes/commitments", url: "/commitments", params: {}, target: 50 },
  { label: "`/funding`", route: "routes/funding", url: "/funding", params: {}, target: 50 },
  { label: "project page", route: "routes/projects.$projectId._index", url: `/projects/${projectId}`, params: { projectId: String(projectId) }, target: 10 },
  {
    label: "change-request page",
    route: "routes/change-requests.$requestId",
    url: `/change-requests/${requestId}`,
    params: { requestId: String(requestId) },
    target: 10,
  },
  {
    label: "API project",
    route: "routes/api.v1.projects.$projectId",
    url: `/api/v1/projects/${projectId}`,
    params: { projectId: String(projectId) },
    target: 10,
  },
  { label: "API list", route: "routes/api.v1.projects._index", url: "/api/v1/projects", params: {}, target: 50 },
  { label: "`/deadlines` deadline view", route: "routes/deadlines._index", url: "/deadlines", params: {}, target: 50, sqlRatio: false },
  { label: "`/deadlines?bucket=overdue`", route: "routes/deadlines._index", url: "/deadlines?bucket=overdue", params: {}, target: 50, sqlRatio: false },
  { label: "`GET /api/v1/deadlines`", route: "routes/api.v1.deadlines", url: "/api/v1/deadlines", params: {}, target: 50, sqlRatio: false },
  { label: "`/?pace=behind` portfolio behind pace", route: "routes/_index", url: "/?pace=behind", params: {}, target: 50, sqlRatio: false },
  { label: "`/bonus-claims` claims to review", route: "routes/bonus-claims._index", url: "/bonus-claims", params: {}, target: 50 },
  { label: "`/bonus-claims?show=all`", route: "routes/bonus-claims._index", url: "/bonus-claims?show=all", params: {}, target: 50 },
  {
    label: "bonus claim page",
    route: "routes/bonus-claims.$claimId._index",
    url: `/bonus-claims/${claimId}`,
    params: { claimId: String(claimId) },
    target: 10,
  },
  {
    label: "`/bonus-claims/summary` year's bonus figures",
    route: "routes/bonus-claims.summary",
    url: `/bonus-claims/summary?year=${bonusYear}`,
    params: {},
    target: 50,
  },
  { label: "`GET /api/v1/bonus-claims`", route: "routes/api.v1.bonus-claims", url: "/api/v1/bonus-claims", params: {}, target: 50 },
];

function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}

async function callLoader(page: (typeof PAGES)[number]) {
  const loader = build.routes[page.route]!.module.loader!;
  const res = (await loader({ request: new Request(base + page.url, { headers: { Cookie: cookie! } }), params: page.params, context: {} })) as Response;
  if (res.status !== 200) throw new Error(`${page.url}: ${res.status}`);
  await res.text();
}

const loaderRows: {
  label: string;
  p50: number;
  p95: number;
  max: number;
  bound: number;
  ratio: number;
  target: number;
  sqlRatio: boolean;
  queries: number;
}[] = [];
const ITER = 60;
for (const page of PAGES) {
  g.__hankevahtiDb = plain;
  for (let i = 0; i < 5; i++) await callLoader(page);
  const times: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t0 = performance.now();
    await callLoader(page);
    times.push(performance.now() - t0);
  }
  // The lower bound: the loader's own statements, prepared once, run directly.
  g.__hankevahtiDb = capturing;
  captured = [];
  await callLoader(page);
  const statements = captured.filter((q) => /^\s*select/i.test(q.sql)).map((q) => ({ stmt: raw.prepare(q.sql), parameters: q.parameters as unknown[] }));
  const bounds: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t0 = performance.now();
    for (const s of statements) s.stmt.all(...s.parameters);
    bounds.push(performance.now() - t0);
  }
  const t = quantiles(times);
  const b = quantiles(bounds).p50;
  loaderRows.push({
    label: page.label,
    ...t,
    bound: b,
    ratio: t.p95 / Math.max(b, 0.001),
    target: page.target,
    sqlRatio: page.sqlRatio ?? page.target === 50,
    queries: statements.length,
  });
  log(`${page.label}: p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms (SQL ${b.toFixed(1)} ms, ${statements.length} statements)`);
}
g.__hankevahtiDb = plain;

/* ---------- 4. whole requests under load ---------- */

let peakRss = idleRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 200);

async function load(url: string, seconds: number, withCookie = true) {
  const r = await autocannon({
    url: base + url,
    connections: 10,
    duration: seconds,
    headers: withCookie ? { cookie: cookie!, "accept-encoding": "gzip" } : { "accept-encoding": "gzip" },
    timeout: 10,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p97: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    answered: r.requests.total,
    bad: r.non2xx + r.errors + r.timeouts,
  };
}
const loadRows: { label: string; rps: number; p50: number; p97: number; p99: number; bad: number }[] = [];
const minimal = await load("/login", SECONDS, false);
loadRows.push({ label: "`/login` (minimal page)", ...minimal });
for (const [label, url] of [
  ["project page", `/projects/${projectId}`],
  ["`/` portfolio", "/"],
  ["`/commitments`", "/commitments"],
  ["`/deadlines`", "/deadlines"],
  ["API list", "/api/v1/projects"],
] as const) {
  const r = await load(url, SECONDS);
  loadRows.push({ label, ...r });
  log(`${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p97.5 ${r.p97} ms, non-2xx/errors ${r.bad}`);
}
const tenOnPortfolio = await load("/", 10);
log(`10 clients on / for 10 s: ${tenOnPortfolio.answered} answered, ${tenOnPortfolio.bad} not, p97.5 ${tenOnPortfolio.p97} ms`);
clearInterval(sampler);
const loadRss = peakRss;

/* ---------- 5. a full export ---------- */

let exportPeak = rssMb();
const exportSampler = setInterval(() => (exportPeak = Math.max(exportPeak, rssMb())), 100);
const te = performance.now();
const exported = await fetch(`${base}/api/v1/export`, { headers: { Cookie: cookie } });
let exportBytes = 0;
for await (const chunk of exported.body as unknown as AsyncIterable<Uint8Array>) exportBytes += chunk.length;
const exportSeconds = (performance.now() - te) / 1000;
clearInterval(exportSampler);
log(`export: ${exported.status}, ${(exportBytes / 1e6).toFixed(1)} MB in ${exportSeconds.toFixed(1)} s, server peak RSS ${exportPeak} MB`);

/** Downloads a spreadsheet export to its last byte, sampling the server's RSS meanwhile (issue 21: docs/spreadsheets.md). */
async function spreadsheet(url: string) {
  let peak = rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
  const t0 = performance.now();
  const res = await fetch(base + url, { headers: { Cookie: cookie! } });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  return { status: res.status, type: res.headers.get("content-type") ?? "", bytes, lines, seconds, peak: Math.max(peak, rssMb()) };
}
const sheetRows: { label: string; ok: boolean; r: Awaited<ReturnType<typeof spreadsheet>> }[] = [];
for (const [label, url] of [
  ["XLSX", "/exports/portfolio?format=xlsx"],
  ["CSV", "/exports/portfolio?format=csv"],
] as const) {
  const r = await spreadsheet(url);
  // The CSV has a line per project, the header and the totals.
  const whole = label === "CSV" ? r.lines === counts.projects + 2 : r.type.startsWith("application/vnd.openxmlformats");
  sheetRows.push({ label, ok: r.status === 200 && whole && r.seconds <= 30 && r.peak <= 400, r });
  log(`portfolio as ${label}: ${r.status}, ${(r.bytes / 1e6).toFixed(2)} MB in ${r.seconds.toFixed(1)} s, server peak RSS ${r.peak} MB`);
}

/* ---------- 6. sizes ---------- */

const htmlKb: Record<string, number> = {};
for (const url of ["/", "/commitments", "/funding"])
  htmlKb[url] = (await (await fetch(base + url, { headers: { Cookie: cookie } })).arrayBuffer()).byteLength / 1024;
server.kill();

const pub = path.join(root, "public/build");
const manifestFile = fs.readdirSync(pub).find((f) => f.startsWith("manifest-") && f.endsWith(".js"))!;
const mtext = fs.readFileSync(path.join(pub, manifestFile), "utf8");
const manifest = JSON.parse(mtext.slice(mtext.indexOf("{"), mtext.lastIndexOf("}") + 1)) as {
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[] }>;
};
const gz = (url: string) => zlib.gzipSync(fs.readFileSync(path.join(pub, url.replace(/^\/build\//, "")))).length;
const baseJs = new Set([manifest.entry.module, ...manifest.entry.imports, manifest.routes.root!.module, ...(manifest.routes.root!.imports ?? [])]);
const jsKb = (id: string) =>
  [...new Set([...baseJs, manifest.routes[id]!.module, ...(manifest.routes[id]!.imports ?? [])])].reduce((a, f) => a + gz(f), 0) / 1024;

/* ---------- the report ---------- */

const ok = (pass: boolean) => (pass ? "✓" : "✗ missed");
const f1 = (n: number) => n.toFixed(1);
const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD", { cwd: root }).toString().trim();
  } catch {
    return "?";
  }
})();
const project = loadRows.find((r) => r.label === "project page")!;
const lines = [
  `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${commit}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "?"}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end; ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
  `Data: ${AREAS} × ${PER_AREA} = ${counts.projects} projects, ${counts.versions} plan versions, ${counts.commitments} commitments, ${counts.requests} change requests; ${counts.indicators} targets with ${counts.entries} entries, ${counts.obligations} obligations with ${counts.deadlines} deadlines, ${counts.payments} payment applications, ${counts.reports} reports, ${counts.bonusClaims} bonus claims; database ${f1(counts.mb)} MB.` +
    (importSeconds !== null
      ? ` Imported in ${f1(importSeconds)} s (peak RSS ${importPeakMb} MB, figures computed in the same transaction).`
      : " (Database reused from an earlier run; `--fresh` imports again.)"),
  `Server: \`node --max-old-space-size=${HEAP_MB} build/server.js\`.`,
  "",
  "### Loaders (in process, warm; the lower bound is the loader's own SQL run directly with better-sqlite3)",
  "",
  "| loader | p50 ms | p95 ms | max ms | SQL alone (p50) ms | statements | p95 ÷ SQL | target | |",
  "|---|---:|---:|---:|---:|---:|---:|---|---|",
  ...loaderRows.map(
    (r) =>
      `| ${r.label} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.max)} | ${f1(r.bound)} | ${r.queries} | ${f1(r.ratio)}× | p95 ≤ ${r.target} ms${r.sqlRatio ? ", ≤ 2× SQL" : ""} | ${ok(r.p95 <= r.target && (!r.sqlRatio || r.ratio <= 2))} |`,
  ),
  "",
  `### Whole requests (autocannon, 10 connections, ${SECONDS} s each, gzip, signed in)`,
  "",
  "| page | req/s | p50 ms | p97.5 ms | p99 ms | non-2xx or errors |",
  "|---|---:|---:|---:|---:|---:|",
  ...loadRows.map((r) => `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p97} | ${r.p99} | ${r.bad} |`),
  "",
  `| target | measured | |`,
  `|---|---|---|`,
  `| project page ≥ 0.6 × minimal page | ${(project.rps / minimal.rps).toFixed(2)} × (${project.rps.toFixed(0)} ÷ ${minimal.rps.toFixed(0)} req/s) | ${ok(project.rps / minimal.rps >= 0.6)} |`,
  `| 10 clients on \`/\` for 10 s: all answered, p95 ≤ 250 ms | ${tenOnPortfolio.answered} answered, ${tenOnPortfolio.bad} not; p97.5 ${tenOnPortfolio.p97} ms (autocannon reports p97.5, not p95) | ${ok(tenOnPortfolio.bad === 0 && tenOnPortfolio.p97 <= 250)} |`,
  `| server RSS under load ≤ 300 MB | ${loadRss} MB (idle ${idleRss} MB) | ${ok(loadRss <= 300)} |`,
  `| full export ≤ 30 s, peak RSS ≤ 400 MB | ${exported.status}, ${f1(exportBytes / 1e6)} MB in ${f1(exportSeconds)} s, server peak ${exportPeak} MB | ${ok(exported.status === 200 && exportSeconds <= 30 && exportPeak <= 400)} |`,
  ...sheetRows.map(
    ({ label, ok: pass, r }) =>
      `| the whole portfolio (${counts.projects} projects) as ${label} (\`/exports/portfolio\`): last byte ≤ 30 s, server peak RSS ≤ 400 MB | ${r.status}, ${f1(r.bytes / 1e6)} MB in ${f1(r.seconds)} s, server peak ${r.peak} MB | ${ok(pass)} |`,
  ),
  `| HTML of a list page ≤ 200 KB | ${Object.entries(htmlKb)
    .map(([u, kb]) => `\`${u}\` ${f1(kb)} KB`)
    .join(", ")} | ${ok(Object.values(htmlKb).every((kb) => kb <= 200))} |`,
  "",
  "### JavaScript per route (gzip, entry + root + the route's chunks)",
  "",
  "| route | KB |",
  "|---|---:|",
  ...[
    "routes/_index",
    "routes/commitments",
    "routes/funding",
    "routes/projects.$projectId._index",
    "routes/change-requests.$requestId",
    "routes/projects.$projectId.change-requests.new",
  ].map((id) => `| ${id} | ${f1(jsKb(id))} |`),
];
const report = lines.join("\n");
console.log(`\n${report}\n`);
if (!args["no-write"]) {
  const docFile = path.join(root, "docs/benchmarks.md");
  const doc = fs.readFileSync(docFile, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const block = `${start}\n${report}\n${end}`;
  const next = doc.includes(start)
    ? doc.slice(0, doc.indexOf(start)) + block + doc.slice(doc.indexOf(end) + end.length)
    : `${doc.trimEnd()}\n\n## National size: \`npm run bench\`\n\n${block}\n`;
  fs.writeFileSync(docFile, next);
  log("docs/benchmarks.md written");
}
raw.close();
process.exit(0);
