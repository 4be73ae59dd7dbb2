import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listRequests } from "#db/requests.server";
import { StatusBadge } from "~/components/requests/request-parts";
import { requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { learnedLeadTimes } from "~/lib/requests.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const db = getDb();
  const [requests, leadTimes] = await Promise.all([listRequests(db, facility.id), learnedLeadTimes(db, facility.id)]);
  return {
    facility: { code: facility.code, name: facility.name },
    canRaise: can(user.role, "request:raise"),
    requests,
    leadTimes,
  };
}

export default function Requests() {
  const { facility, canRaise, requests, leadTimes } = useLoaderData<typeof loader>();
  const { t, day, date } = useI18n();
  const th = "px-2 py-1 text-left";
  return (
    <div className="max-w-4xl">
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}`} className="text-brand-700 underline">
          {t("request.backToFacility", { facility: facility.name })}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("request.listTitle", { facility: facility.name })}</h1>
        {canRaise ? (
          <Link to={`/facilities/${facility.code}/requests/new`} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t("request.new")}
          </Link>
        ) : null}
      </div>
      {requests.length === 0 ? (
        <p className="mt-4 text-slate-700">{t("request.none")}</p>
      ) : (
        <ul className="mt-4 space-y-2" data-testid="request-list">
          {requests.map((r) => (
            <li key={r.id} className="rounded bg-white p-3 shadow">
              <Link to={`/facilities/${facility.code}/requests/${r.id}`} className="font-semibold text-brand-700 underline">
                {t("request.number", { id: r.id })}
              </Link>{" "}
              <StatusBadge status={r.status} />
              {r.emergency ? <span className="ml-2 text-sm font-semibold text-red-800">{t("request.emergency")}</span> : null}
              <p className="text-sm text-slate-700">
                {t("request.summary", { lines: r.lines, supplier: r.supplierCode, date: day(r.neededBy), created: date(r.createdAt) })}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="lead-times" className="mt-8">
        <h2 id="lead-times" className="text-lg font-semibold">{t("request.leadTimesTitle")}</h2>
        <p className="text-sm text-slate-700">{t("request.leadTimesIntro", { n: leadTimes.sample })}</p>
        {leadTimes.rows.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">{t("request.leadTimesNone")}</p>
        ) : (
          <table className="mt-2 w-full text-sm" data-testid="lead-times">
            <caption className="sr-only">{t("request.leadTimesTitle")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={th}>{t("request.item")}</th>
                <th scope="col" className={`${th} text-right`}>{t("request.leadTimeConfigured")}</th>
                <th scope="col" className={`${th} text-right`}>{t("request.leadTimeLearned")}</th>
              </tr>
            </thead>
            <tbody>
              {leadTimes.rows.map((row) => (
                <tr key={row.itemCode} className="border-t border-slate-200" data-item={row.itemCode}>
                  <th scope="row" className="px-2 py-1 text-left font-normal">{row.itemCode}</th>
                  <td className="px-2 py-1 text-right tabular-nums">{t("request.days", { days: row.configured })}</td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {row.learned === null ? "—" : t("request.days", { days: row.learned })}{" "}
                    <span className="text-slate-700">{t("request.fromRequests", { count: row.count })}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "request.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
