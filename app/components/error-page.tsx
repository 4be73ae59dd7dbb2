import { isRouteErrorResponse } from "@remix-run/react";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { useOutage } from "~/lib/outage";

export function errorMessages(status: number): { title: MessageKey; body: MessageKey } {
  if (status === 404) return { title: "error.notFoundTitle", body: "error.notFoundBody" };
  if (status === 403) return { title: "error.forbiddenTitle", body: "error.forbiddenBody" };
  if (status === 503) return { title: "error.unavailableTitle", body: "error.unavailableBody" };
  if (status >= 400 && status < 500) return { title: "error.badRequestTitle", body: "error.badRequestBody" };
  return { title: "error.serverTitle", body: "error.serverBody" };
}

export function ErrorPage({ error, requestId }: { error: unknown; requestId?: string }) {
  const { t, tMaybe } = useI18n();
  const outage = useOutage();
  const status = isRouteErrorResponse(error) ? error.status : outage ? 503 : 500;
  const { title, body } = errorMessages(status);
  // A refusal of the request itself (too many rows, a type forms never send) names its reason.
  const reason = isRouteErrorResponse(error) && typeof error.data?.reason === "string" && error.data.reason.startsWith("form.") ? error.data.reason : null;
  return (
    <section aria-labelledby="error-title" className="max-w-2xl">
      <p className="text-sm font-semibold text-slate-600">{status}</p>
      <h1 id="error-title" className="mt-1 text-2xl font-bold">
        {t(title)}
      </h1>
      <p className="mt-2">{reason ? tMaybe(reason) : t(body)}</p>
      {status >= 500 && status !== 503 && requestId ? (
        <p className="mt-2 font-mono text-sm" data-testid="error-reference">
          {t("error.reference", { id: requestId })}
        </p>
      ) : null}
      <p className="mt-4">
        <a href="/" className="text-brand-700 underline">
          {t("error.goHome")}
        </a>
      </p>
    </section>
  );
}
