// @vitest-environment jsdom
/**
 * The error page is translated even when the root loader did not run (an action that throws
 * 403 or 404 before it): the frame and the message come from the fallback messages, which must
 * equal the catalogue's Finnish.
 */
import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { createRemixStub } from "@remix-run/testing";
import { catalogues } from "~/i18n";
import { FALLBACK_MESSAGES } from "~/i18n/fallback";
import { GeneralErrorBoundary } from "~/components/error-boundary";

describe("error page without the root's data", () => {
  it("says 403 and 404 in Finnish and links home", async () => {
    for (const [status, title] of [
      [403, "Ei käyttöoikeutta"],
      [404, "Sivua ei löytynyt"],
    ] as const) {
      const Stub = createRemixStub([
        {
          id: "root",
          path: "/",
          Component: () => null,
          ErrorBoundary: GeneralErrorBoundary,
          loader: () => {
            throw new Response("", { status });
          },
        },
      ]);
      const { unmount } = render(<Stub initialEntries={["/"]} />);
      expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent(title);
      expect(screen.getByRole("link", { name: "Palaa hankesalkkuun" })).toHaveAttribute("href", "/");
      unmount();
    }
  });

  it("has fallback messages equal to the Finnish catalogue", () => {
    for (const [key, text] of Object.entries(FALLBACK_MESSAGES)) expect(text, key).toBe((catalogues.fi as Record<string, string>)[key]);
  });
});
