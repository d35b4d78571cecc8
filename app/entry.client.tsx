/**
 * Hydrates the server-rendered page once the language's catalogue is here (app/i18n/react.tsx):
 * fetched from /i18n/LANG?v=VERSION, which the page preloads and the browser caches. If it
 * cannot be had, the page stays as the server rendered it: every form works without JavaScript.
 */
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadMessages } from "~/i18n/react";

async function catalogue(): Promise<boolean> {
  const root = (window as unknown as { __remixContext?: { state?: { loaderData?: Record<string, { lang?: string; messagesVersion?: string }> } } })
    .__remixContext?.state?.loaderData?.root;
  // An error page without the root's data renders with the fallback messages.
  if (!root?.lang || !root.messagesVersion) return true;
  return (await loadMessages(root.lang, root.messagesVersion)) || loadMessages(root.lang, root.messagesVersion);
}

void catalogue().then((ok) => {
  if (!ok) return;
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
