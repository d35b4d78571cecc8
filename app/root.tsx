/** The document: language, header with navigation and language switch, one error boundary. */
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { getLang, messagesVersion } from "~/utils/i18n.server";
import { MessagesFrame, messagesUrl } from "~/i18n/react";
import { titleMessages } from "~/i18n/titles.server";
import { getViewer } from "~/utils/auth.server";
import { readFlash } from "~/utils/flash.server";
import { PERMISSIONS, can, navigationFor } from "~/domain/permissions";
import { useNonce } from "~/components/nonce";
import { Layout as AppLayout } from "~/components/layout";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const lang = await getLang(request);
  const { flash, clear } = await readFlash(request);
  return json(
    {
      lang,
      messagesVersion: messagesVersion(),
      // The few messages page titles are made of (the meta functions cannot read the catalogue).
      titles: titleMessages(lang),
      viewer: viewer ? { name: viewer.name, role: viewer.role, permissions: PERMISSIONS.filter((p) => can(viewer, p)), nav: navigationFor(viewer) } : null,
      flash,
    },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

/**
 * The root's data (language, catalogue version, who is signed in, the message a write left) changes when
 * one signs in or out, switches the language, or posts a form (a write may leave a message);
 * plain navigations keep it.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, currentUrl, nextUrl, defaultShouldRevalidate }) => {
  if (formAction) return defaultShouldRevalidate;
  if (currentUrl.searchParams.get("lang") !== nextUrl.searchParams.get("lang")) return true;
  return nextUrl.pathname === "/login" || currentUrl.pathname === "/login";
};

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang={data?.lang ?? "fi"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {data?.lang && data.messagesVersion ? (
          <link rel="preload" href={messagesUrl(data.lang, data.messagesVersion)} as="fetch" crossOrigin="anonymous" />
        ) : null}
      </head>
      <body>
        <MessagesFrame>{children}</MessagesFrame>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <AppLayout>
      <Outlet />
    </AppLayout>
  );
}

export function ErrorBoundary() {
  return (
    <AppLayout>
      <GeneralErrorBoundary />
    </AppLayout>
  );
}
