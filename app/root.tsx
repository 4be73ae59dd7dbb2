import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { FlashMessage } from "~/components/flash";
import { Shell } from "~/components/shell";
import { env } from "~/lib/env.server";
import { ErrorPage, errorMessages } from "~/components/error-page";
import { defaultLocale, I18nContext, makeI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useNonce } from "~/lib/nonce";
import { useHydrated } from "~/lib/use-hydrated";
import { useOutage } from "~/lib/outage";
import { isQueued } from "~/lib/outbox/client";
import { getOptionalUser, resolveLocale, takeFlash } from "~/lib/session.server";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const locale = await resolveLocale(request, user);
  const { flash, setCookie } = await takeFlash(request);
  return data(
    {
      user: user ? { id: user.id, displayName: user.displayName, role: user.role } : null,
      locale,
      flash: flash ?? null,
      demo: env().ALBERGUE_DEMO,
      timeZone: env().ALBERGUE_TIME_ZONE,
      renderedAt: Date.now(),
      requestId: context.requestId,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

// The root runs on every navigation so the request id on an error page, the flash and the
// language always belong to the request that produced them; not after a submission the outbox
// kept on the device (the link is down).
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult }) => !isQueued(actionResult);

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const outage = useOutage();
  const locale = rootData?.locale ?? defaultLocale;
  const hydrated = useHydrated();
  // The server cannot know the reader's zone: once hydrated, times name the facilities' zone
  // when the browser's own differs (a coordinator in another country reads "10:30 GMT-5").
  const nameZone = hydrated && rootData?.timeZone !== undefined && browserTimeZone() !== rootData.timeZone;
  const i18n = makeI18n(locale, rootData?.timeZone, rootData?.renderedAt, nameZone);
  return (
    <html lang={locale} className="h-full" data-outage={outage ? "1" : undefined} data-hydrated={hydrated ? "1" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        <I18nContext.Provider value={i18n}>
          <Shell user={rootData?.user ?? null}>{children}</Shell>
        </I18nContext.Provider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export default function App() {
  const { flash } = useLoaderData<typeof loader>();
  return (
    <>
      <FlashMessage flash={flash} />
      <Outlet />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, error }) => {
  if (!error) return [{ title: "Albergue" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return pageTitle(matches, errorMessages(status).title);
};

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRouteLoaderData<typeof loader>("root");
  return <ErrorPage error={error} requestId={rootData?.requestId} />;
}
