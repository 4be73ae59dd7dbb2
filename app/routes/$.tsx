import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { notFound } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";

// Unknown addresses render the 404 inside the shell rather than a bare framework page.
export async function loader(_args: LoaderFunctionArgs) {
  notFound();
}

export default function NotFound() {
  return null;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "error.notFoundTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
