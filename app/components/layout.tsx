/** Page frame: skip link, header with the main navigation and the language switch, main content. */
import { Form, NavLink, useLocation } from "@remix-run/react";
import { useLang, useT } from "~/i18n/react";

export function Layout({ children }: { children: React.ReactNode }) {
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <>
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
        <nav aria-label={t("nav.main")}>
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                {t("nav.portfolio")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/commitments">{t("nav.commitments")}</NavLink>
            </li>
            <li>
              <NavLink to="/funding">{t("nav.funding")}</NavLink>
            </li>
            <li>
              <NavLink to="/organisations">{t("nav.organisations")}</NavLink>
            </li>
            <li>
              <NavLink to="/projects/new">{t("nav.newProject")}</NavLink>
            </li>
          </ul>
        </nav>
        <Form method="post" action="/language" className="lang-switch">
          <input type="hidden" name="redirectTo" value={here} />
          <input type="hidden" name="lang" value={lang === "fi" ? "en" : "fi"} />
          <button type="submit" lang={lang === "fi" ? "en" : "fi"}>
            {t("lang.switchTo")}
          </button>
        </Form>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
