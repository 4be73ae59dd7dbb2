import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { locales, useI18n } from "~/lib/i18n";
import { clearForLogout, useOutbox, useOutboxCounts, useServiceWorkerUser } from "~/lib/outbox/client";
import { navigation } from "~/lib/nav";
import type { Role } from "~/lib/permissions";

export interface ShellUser {
  id: number;
  displayName: string;
  role: Role;
}

export function Shell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  useOutbox(user?.id ?? null);
  useServiceWorkerUser(user?.id ?? null, location.pathname);
  const outbox = useOutboxCounts();
  // Logging out deletes what this device still holds for the user; say so when that is not nothing.
  const onLogout = (event: FormEvent<HTMLFormElement>) => {
    const unsent = outbox.pending + outbox.attention;
    if (unsent > 0 && !window.confirm(t("outbox.logoutConfirm", { count: unsent }))) {
      event.preventDefault();
      return;
    }
    void clearForLogout();
  };
  return (
    <div className="flex min-h-screen flex-col bg-slate-50 text-slate-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {t("nav.skipToContent")}
      </a>
      <header className="bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <a href="/" className="text-lg font-bold tracking-tight">
            {t("app.name")}
          </a>
          {user ? (
            <nav aria-label={t("nav.label")} className="flex-1">
              <ul className="flex flex-wrap gap-1">
                {navigation[user.role].map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      className={({ isActive }) =>
                        `block rounded px-3 py-2 text-sm font-medium ${isActive ? "bg-white text-brand-800" : "hover:bg-brand-700"}`
                      }
                    >
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : (
            <div className="flex-1" />
          )}
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <Form method="post" action="/language" className="flex items-center gap-1" aria-label={t("nav.language")}>
              <input type="hidden" name="redirectTo" value={here} />
              {locales.map((code) => (
                <button
                  key={code}
                  type="submit"
                  name="language"
                  value={code}
                  lang={code}
                  aria-pressed={code === locale}
                  className={`rounded px-2 py-1 ${code === locale ? "bg-white font-semibold text-brand-800" : "underline hover:bg-brand-700"}`}
                >
                  {t(`language.${code}`)}
                </button>
              ))}
            </Form>
            {user ? (
              <>
                <span className="hidden sm:inline" data-testid="signed-in-as">
                  {t("nav.signedInAs", { name: user.displayName, role: t(`role.${user.role}`) })}
                </span>
                <OutboxBadge pending={outbox.pending} attention={outbox.attention} />
                <Form method="post" action="/logout" onSubmit={onLogout}>
                  <button type="submit" className="rounded border border-white/60 px-3 py-1 hover:bg-brand-700">
                    {t("nav.logout")}
                  </button>
                </Form>
              </>
            ) : null}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}

function OutboxBadge({ pending, attention }: { pending: number; attention: number }) {
  const { t } = useI18n();
  if (pending + attention === 0) return null;
  return (
    <Link
      to="/outbox"
      // A whole-page load: with the link down the service worker serves the kept page, where a
      // client-side navigation would first ask the server for the route.
      reloadDocument
      data-testid="outbox-badge"
      className="inline-flex min-h-11 items-center gap-2 rounded bg-amber-300 px-3 py-1 font-semibold text-slate-900 hover:bg-amber-200"
    >
      {pending > 0 ? <span>{t("outbox.badge", { count: pending })}</span> : null}
      {attention > 0 ? <span className="rounded bg-red-800 px-1.5 text-white">{t("outbox.badgeAttention", { count: attention })}</span> : null}
    </Link>
  );
}
