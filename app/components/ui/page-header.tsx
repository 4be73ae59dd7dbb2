import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** "← Volver a San Vicente": the way up from a page, first thing on it. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="text-sm">
      <Link to={to} className="text-brand-700 underline">
        {children}
      </Link>
    </p>
  );
}

/**
 * The top of a page: the way back (if any), the one h1, a line saying what the page is for, and
 * the page's own actions (new, export) on the right, wrapping under the title on a phone.
 */
export function PageHeader({
  title,
  intro,
  back,
  actions,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  back?: { to: string; label: ReactNode };
  actions?: ReactNode;
  /** More lines under the intro (a link to a related page). */
  children?: ReactNode;
}) {
  const heading = (
    <>
      <h1 className={back && !actions ? "mt-2 text-2xl font-bold" : "text-2xl font-bold"}>{title}</h1>
      {intro ? <p className="text-slate-700">{intro}</p> : null}
      {children}
    </>
  );
  return (
    <>
      {back ? <BackLink to={back.to}>{back.label}</BackLink> : null}
      {actions ? (
        <div className={`flex flex-wrap items-end justify-between gap-4 ${back ? "mt-2" : ""}`}>
          <div>{heading}</div>
          <div className="flex flex-wrap gap-2">{actions}</div>
        </div>
      ) : (
        heading
      )}
    </>
  );
}
