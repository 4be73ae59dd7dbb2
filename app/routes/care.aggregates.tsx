import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { careAggregates } from "#db/care-reports.server";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

/**
 * Aggregate care counts per facility (care:aggregate: planners, admins, health workers; health
 * workers see their own facilities). Counts only: this loader never returns a name, case code,
 * birth date or document (test/integration/care-privacy.test.ts).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "care:aggregate");
  const scope = facilityScope(user);
  const now = new Date();
  const rows = await careAggregates(getDb(), { facilityIds: scope.all ? undefined : scope.facilityIds, now });
  const totals = rows.reduce(
    (t, r) => ({
      childOpen: t.childOpen + r.cases.child.open,
      pregnantOpen: t.pregnantOpen + r.cases.pregnant.open,
      closed: t.closed + r.cases.child.closed + r.cases.pregnant.closed,
      sam: t.sam + r.sam,
      mam: t.mam + r.mam,
      doses: t.doses + r.dosesLast30Days,
      referralsSent: t.referralsSent + r.referrals.sent,
    }),
    { childOpen: 0, pregnantOpen: 0, closed: 0, sam: 0, mam: 0, doses: 0, referralsSent: 0 },
  );
  return {
    generatedAt: now.toISOString(),
    totals,
    facilities: rows.map((r) => ({
      code: r.facilityCode,
      name: r.facilityName,
      childOpen: r.cases.child.open,
      childClosed: r.cases.child.closed,
      pregnantOpen: r.cases.pregnant.open,
      pregnantClosed: r.cases.pregnant.closed,
      sam: r.sam,
      mam: r.mam,
      dosesLast30Days: r.dosesLast30Days,
      referralsSent: r.referrals.sent,
      referralsArrived: r.referrals.arrived,
      referralsReturned: r.referrals.returned,
    })),
  };
}

export default function CareAggregates() {
  const { facilities, totals, generatedAt } = useLoaderData<typeof loader>();
  const { t, number, relative } = useI18n();
  const th = "px-3 py-2 text-right";
  const td = "px-3 py-2 text-right tabular-nums";
  return (
    <div>
      <h1 className="text-2xl font-bold">{t("carefollow.agg.title")}</h1>
      <p className="text-slate-700">{t("carefollow.agg.intro")}</p>
      <p className="text-sm text-slate-700">{t("carefollow.agg.updated", { when: relative(generatedAt) })}</p>
      <dl className="mt-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {(
          [
            ["carefollow.agg.childOpen", totals.childOpen],
            ["carefollow.agg.pregnantOpen", totals.pregnantOpen],
            ["carefollow.agg.sam", totals.sam],
            ["carefollow.agg.mam", totals.mam],
            ["carefollow.agg.doses30", totals.doses],
            ["carefollow.agg.referralsSent", totals.referralsSent],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-lg bg-white p-3 shadow">
            <dt className="text-sm text-slate-700">{t(label)}</dt>
            <dd className="text-2xl font-bold tabular-nums">{number(value)}</dd>
          </div>
        ))}
      </dl>
      {facilities.length === 0 ? (
        <p className="mt-6">{t("carefollow.agg.empty")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg bg-white shadow focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("carefollow.agg.title")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" rowSpan={2} className="px-3 py-2">{t("carefollow.agg.facility")}</th>
                <th scope="colgroup" colSpan={2} className="px-3 py-2 text-center">{t("carefollow.agg.children")}</th>
                <th scope="colgroup" colSpan={2} className="px-3 py-2 text-center">{t("carefollow.agg.pregnant")}</th>
                <th scope="col" rowSpan={2} className={th}>{t("carefollow.agg.sam")}</th>
                <th scope="col" rowSpan={2} className={th}>{t("carefollow.agg.mam")}</th>
                <th scope="col" rowSpan={2} className={th}>{t("carefollow.agg.doses30")}</th>
                <th scope="colgroup" colSpan={3} className="px-3 py-2 text-center">{t("carefollow.agg.referrals")}</th>
              </tr>
              <tr>
                <th scope="col" className={th}>{t("carefollow.agg.open")}</th>
                <th scope="col" className={th}>{t("carefollow.agg.closed")}</th>
                <th scope="col" className={th}>{t("carefollow.agg.open")}</th>
                <th scope="col" className={th}>{t("carefollow.agg.closed")}</th>
                <th scope="col" className={th}>{t("carefollow.agg.ref.sent")}</th>
                <th scope="col" className={th}>{t("carefollow.agg.ref.arrived")}</th>
                <th scope="col" className={th}>{t("carefollow.agg.ref.returned")}</th>
              </tr>
            </thead>
            <tbody>
              {facilities.map((f) => (
                <tr key={f.code} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-medium">
                    <Link to={`/facilities/${f.code}`} className="text-brand-700 underline">{f.name}</Link>
                  </th>
                  <td className={td}>{number(f.childOpen)}</td>
                  <td className={td}>{number(f.childClosed)}</td>
                  <td className={td}>{number(f.pregnantOpen)}</td>
                  <td className={td}>{number(f.pregnantClosed)}</td>
                  <td className={td}>{number(f.sam)}</td>
                  <td className={td}>{number(f.mam)}</td>
                  <td className={td}>{number(f.dosesLast30Days)}</td>
                  <td className={td}>{number(f.referralsSent)}</td>
                  <td className={td}>{number(f.referralsArrived)}</td>
                  <td className={td}>{number(f.referralsReturned)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "carefollow.agg.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
