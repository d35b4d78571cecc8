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

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

describe("the message catalogue", () => {
  it("the root's data carries the language and the catalogue's version, not the messages", async () => {
    const root = await jsonOf(await callLoader(rootLoader, "/"));
    expect(root.lang).toBe("fi");
    expect(root.messagesVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(root.messages).toBeUndefined();
    expect(JSON.stringify(root).length).toBeLessThan(2_000);
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
