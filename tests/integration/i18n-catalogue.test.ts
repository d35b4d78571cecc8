/**
 * The message catalogue reaches the browser once per language and version (GET /i18n/LANG?v=),
 * not with every page: the root's data names the version only.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db";
import { useSignedIn } from "../helpers/auth";
import { callLoader, jsonOf } from "../helpers/http";
import { loader as catalogue } from "~/routes/i18n.$lang";
import { loader as rootLoader } from "~/root";
import { catalogues } from "~/i18n";
import { TITLE_KEYS } from "~/i18n/titles";
import fs from "node:fs";
import path from "node:path";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

describe("the message catalogue", () => {
  it("the root's data carries the language and the catalogue's version, not the messages", async () => {
    const root = await jsonOf(await callLoader(rootLoader, "/"));
    expect(root.lang).toBe("fi");
    expect(root.messagesVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(root.messages).toBeUndefined();
    // Only the few messages page titles are made of (app/i18n/titles.ts), in the user's language.
    expect(Object.keys(root.titles).sort()).toEqual([...TITLE_KEYS].sort());
    expect(root.titles["deadlines.title"]).toBe("Määräajat");
    expect(JSON.stringify(root).length).toBeLessThan(3_000);
  });

  it("every message a route's <title> uses is among those the root sends (no page is titled with a raw key)", () => {
    const dir = path.resolve("app/routes");
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const meta = /export const meta = pageMeta<[^>]*>\(([\s\S]*?)\);\n/.exec(text)?.[1] ?? "";
      for (const m of meta.matchAll(/\bt\("([\w.]+)"/g)) expect(TITLE_KEYS as readonly string[], `${file} uses ${m[1]}`).toContain(m[1]);
    }
  });

  it("is served per language, cached for a year with the current version, revalidated without it", async () => {
    const { messagesVersion } = await jsonOf(await callLoader(rootLoader, "/"));
    const current = await callLoader(catalogue, `/i18n/en?v=${messagesVersion}`, { lang: "en" });
    expect(current.status).toBe(200);
    expect(current.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await jsonOf(current)).toEqual(catalogues.en);
    const old = await callLoader(catalogue, "/i18n/fi?v=0123456789ab", { lang: "fi" });
    expect(old.headers.get("Cache-Control")).toBe("no-cache");
    expect((await jsonOf(old))["nav.portfolio"]).toBe("Hankesalkku");
    expect((await callLoader(catalogue, "/i18n/sv", { lang: "sv" })).status).toBe(404);
  });
});
