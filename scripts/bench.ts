/**
 * npm run bench -- [BASE_URL] [SECONDS]: a bounded load test of a running server (loopback only):
 * signs in as the demo manager, then requests the portfolio, a project page, the city
 * commitments and a JSON API route with 10 concurrent connections for a few seconds each, and
 * prints requests per second and p50/p99 latency. Not part of the tests; see docs/benchmarks.md.
 */
const base = process.argv[2] ?? "http://127.0.0.1:3000";
const seconds = Number(process.argv[3] ?? 5);
const host = new URL(base).hostname;
if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
  console.error("bench only targets this machine (127.0.0.1 / localhost)");
  process.exit(2);
}

async function signIn(): Promise<string> {
  const body = new URLSearchParams({ email: "paallikko@hankevahti.test", password: "hankevahti-demo", redirectTo: "/" });
  const res = await fetch(`${base}/login`, { method: "POST", body, headers: { Origin: base }, redirect: "manual" });
  const cookie = res.headers.get("set-cookie");
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(";")[0]!;
}

async function run(path: string, cookie: string) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  async function worker() {
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await fetch(base + path, { headers: { Cookie: cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: 10 }, worker));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  console.log(`${path.padEnd(28)} ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s   p50 ${q(0.5)} ms   p99 ${q(0.99)} ms   errors ${errors}`);
}

const cookie = await signIn();
const projects = (await (await fetch(`${base}/api/v1/projects`, { headers: { Cookie: cookie } })).json()) as { projects?: { id: number }[]; rows?: { id: number }[] };
const first = (projects.projects ?? projects.rows ?? [])[0]?.id ?? 1;
for (const path of ["/", `/projects/${first}`, "/commitments", `/api/v1/projects/${first}`]) await run(path, cookie);
export {};
