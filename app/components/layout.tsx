/** Page frame: skip link, header with the main navigation and the language switch, main content. */
import { useEffect, useRef, useState } from "react";
import { Form, NavLink, useLocation } from "@remix-run/react";
import { useLang, useT } from "~/i18n/react";
import { useFlash, useViewer } from "./viewer";

export function Layout({ children }: { children: React.ReactNode }) {
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const here = location.pathname + location.search;
  const viewer = useViewer();
  const flash = useFlash();
  const announcement = useNavigationFocus(location.pathname);
  return (
    <>
      <p className="visually-hidden" aria-live="polite" id="route-announcer">
        {announcement}
      </p>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="brand">
          <a href="/" className="brand-name">
            {t("app.name")}
          </a>
          <span className="brand-tagline">{t("app.tagline")}</span>
        </div>
        {viewer ? (
          <nav aria-label={t("nav.main")}>
            <ul className="nav-list">
              {viewer.nav.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to} end={n.to === "/"}>
                    {t(n.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          <span className="nav-spacer" />
        )}
        <Form method="post" action="/language" className="lang-switch">
          <input type="hidden" name="redirectTo" value={here} />
          <input type="hidden" name="lang" value={lang === "fi" ? "en" : "fi"} />
          <button type="submit" lang={lang === "fi" ? "en" : "fi"}>
            {t("lang.switchTo")}
          </button>
        </Form>
        {viewer ? (
          <div className="account">
            <NavLink to="/account" className="account-name">
              {viewer.name} <span className="sub-inline">({t(`role.${viewer.role}`)})</span>
            </NavLink>
            <Form method="post" action="/logout">
              <button type="submit">{t("auth.logout")}</button>
            </Form>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {flash ? (
          <p className="flash" role="status" id="flash">
            {t(flash.key, flash.params)}
          </p>
        ) : null}
        {children}
      </main>
    </>
  );
}

/**
 * After a client-side navigation to another page, focus moves to the page's main heading (as a
 * full page load would start from the top) and the new page's title is announced to screen
 * readers. Not on the first render, and not for a change of the hash only.
 */
function useNavigationFocus(pathname: string): string {
  const first = useRef(true);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("main");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    setAnnouncement(document.title);
  }, [pathname]);
  return announcement;
}
