import { useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage } from "./error-page";

/** Every route's ErrorBoundary: the error page inside the shell, with the request id on a 500. */
export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as { requestId?: string } | undefined;
  return <ErrorPage error={error} requestId={root?.requestId} />;
}
