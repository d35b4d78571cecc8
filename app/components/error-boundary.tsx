/** The one error boundary: a clear message in the user's language, never a stack trace. */
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/react";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("error.notFound.title"), t("error.notFound.body")]
      : status === 403
        ? [t("error.forbidden.title"), t("error.forbidden.body")]
        : [t("error.unexpected.title"), t("error.unexpected.body")];
  return (
    <section className="error-page" role="alert">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t("error.backHome")}</a>
      </p>
    </section>
  );
}
