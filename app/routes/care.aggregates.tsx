import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { careAggregates, loadSmallCellNorm } from "#db/care-reports.server";
import { ShownCountText } from "~/components/shown-count";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { suppressRows, suppressTotal } from "~/lib/domain/small-cells";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { PageHeader } from "~/components/ui/page-header";
import { TableScroll } from "~/components/ui/data-table";

/**
 * Aggregate care counts per facility (care:aggregate: planners, admins, health workers; health
 * workers see their own facilities). Counts only: this loader never returns a name, case code,
 * birth date or document (test/integration/care-privacy.test.ts), and counts small enough to
 * point at a person are suppressed (app/lib/domain/small-cells.ts).
 */
const countKeys = [
  "childOpen",
  "childClosed",
  "pregnantOpen",
  "pregnantClosed",
  "sam",
  "mam",
  "dosesLast30Days",
  "cardDosesLast30Days",
  "referralsSent",
  "referralsArrived",
  "referralsReturned",
] as const;
type CountKey = (typeof countKeys)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "care:aggregate");
  const scope = facilityScope(user);
  const now = new Date();
  const db = getDb();
  const [rows, norm] = await Promise.all([
    careAggregates(db, { facilityIds: scope.all ? undefined : scope.facilityIds, now }),
    loadSmallCellNorm(db),
  ]);
  const counts = rows.map((r): Record<CountKey, number> => ({
    childOpen: r.cases.child.open,
    childClosed: r.cases.child.closed,
    pregnantOpen: r.cases.pregnant.open,
    pregnantClosed: r.cases.pregnant.closed,
    sam: r.sam,
    mam: r.mam,
    dosesLast30Days: r.dosesLast30Days,
    cardDosesLast30Days: r.cardDosesLast30Days,
    referralsSent: r.referrals.sent,
    referralsArrived: r.referrals.arrived,
    referralsReturned: r.referrals.returned,
  }));
  // Counts of 1 to norm - 1 could point at a person: suppressed here, before they reach the page.
  const shown = suppressRows(counts, countKeys, norm);
  const column = (key: CountKey) => suppressTotal(counts.map((c) => c[key]), norm);
  return {
    generatedAt: now.toISOString(),
    norm,
    totals: {
      childOpen: column("childOpen"),
      pregnantOpen: column("pregnantOpen"),
      sam: column("sam"),
      mam: column("mam"),
      doses: column("dosesLast30Days"),
      cardDoses: column("cardDosesLast30Days"),
      referralsSent: column("referralsSent"),
    },
    facilities: rows.map((r, i) => ({ code: r.facilityCode, name: r.facilityName, ...shown[i]! })),
  };
}

export default function CareAggregates() {
  const { facilities, totals, generatedAt, norm } = useLoaderData<typeof loader>();
  const { t, relative } = useI18n();
  const th = "px-3 py-2 text-right";
  const td = "px-3 py-2 text-right tabular-nums";
  return (
    <div>
      <PageHeader title={t("carefollow.agg.title")} intro={t("carefollow.agg.intro")} />
      <p className="text-sm text-slate-700">{t("carefollow.agg.updated", { when: relative(generatedAt) })}</p>
      {norm > 1 ? <p className="text-sm text-slate-700">{t("carefollow.agg.suppressed", { norm, max: norm - 1 })}</p> : null}
      <dl className="mt-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-7">
        {(
          [
            ["carefollow.agg.childOpen", totals.childOpen],
            ["carefollow.agg.pregnantOpen", totals.pregnantOpen],
            ["carefollow.agg.sam", totals.sam],
            ["carefollow.agg.mam", totals.mam],
            ["carefollow.agg.doses30", totals.doses],
            ["carefollow.agg.cardDoses30", totals.cardDoses],
            ["carefollow.agg.referralsSent", totals.referralsSent],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-lg bg-white p-3 shadow">
            <dt className="text-sm text-slate-700">{t(label)}</dt>
            <dd className="text-2xl font-bold tabular-nums">
              <ShownCountText count={value} />
            </dd>
          </div>
        ))}
      </dl>
      {facilities.length === 0 ? (
        <p className="mt-6">{t("carefollow.agg.empty")}</p>
      ) : (
        <TableScroll className="mt-6">
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
                <th scope="col" rowSpan={2} className={th}>{t("carefollow.agg.cardDoses30")}</th>
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
                  <td className={td}><ShownCountText count={f.childOpen} /></td>
                  <td className={td}><ShownCountText count={f.childClosed} /></td>
                  <td className={td}><ShownCountText count={f.pregnantOpen} /></td>
                  <td className={td}><ShownCountText count={f.pregnantClosed} /></td>
                  <td className={td}><ShownCountText count={f.sam} /></td>
                  <td className={td}><ShownCountText count={f.mam} /></td>
                  <td className={td}><ShownCountText count={f.dosesLast30Days} /></td>
                  <td className={td}><ShownCountText count={f.cardDosesLast30Days} /></td>
                  <td className={td}><ShownCountText count={f.referralsSent} /></td>
                  <td className={td}><ShownCountText count={f.referralsArrived} /></td>
                  <td className={td}><ShownCountText count={f.referralsReturned} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "carefollow.agg.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
