/**
 * npm run check:bundle — after `npm run build`: the gzip size of the JavaScript each route loads
 * (entry + root + the route and its chunks). Fails when any route is over the budget (120 KB).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const BUDGET_KB = Number(process.env.BUNDLE_BUDGET_KB ?? 120);
const dir = path.resolve("public/build");
const manifestFile = fs.readdirSync(dir).find((f) => f.startsWith("manifest-") && f.endsWith(".js"));
if (!manifestFile) {
  console.error("No build found: run `npm run build` first.");
  process.exit(2);
}
const text = fs.readFileSync(path.join(dir, manifestFile), "utf8");
const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[]; hasLoader: boolean; hasDefaultExport?: boolean }>;
};
const gz = (url: string) => zlib.gzipSync(fs.readFileSync(path.join(dir, url.replace(/^\/build\//, "")))).length;
const root = manifest.routes.root!;
const base = new Set([manifest.entry.module, ...manifest.entry.imports, root.module, ...(root.imports ?? [])]);
const kb = (files: Set<string>) => [...files].reduce((a, f) => a + gz(f), 0) / 1024;
console.log(`baseline (entry + root): ${kb(base).toFixed(1)} KB gzip`);
let over = 0;
for (const [id, r] of Object.entries(manifest.routes).sort()) {
  if (id === "root") continue;
  const size = kb(new Set([...base, r.module, ...(r.imports ?? [])]));
  const flag = size > BUDGET_KB ? "  OVER BUDGET" : "";
  if (flag) over++;
  console.log(`${id.padEnd(55)} ${size.toFixed(1).padStart(6)} KB${flag}`);
}
if (over > 0) {
  console.error(`${over} route(s) over ${BUDGET_KB} KB of gzip JavaScript.`);
  process.exit(1);
}
console.log(`every route within ${BUDGET_KB} KB`);
