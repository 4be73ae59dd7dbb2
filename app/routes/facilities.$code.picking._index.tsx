import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listRequestsToSupply } from "#db/requests.server";
import { StatusBadge } from "~/components/requests/request-parts";
import { requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "request:pick");
  const db = getDb();
  const [toPick, shipped] = await Promise.all([listRequestsToSupply(db, facility.id, ["approved", "picking"]), listRequestsToSupply(db, facility.id, ["shipped"], 20)]);
  return { facility: { code: facility.code, name: facility.name }, toPick, shipped };
}

export default function PickingList() {
  const { facility, toPick, shipped } = useLoaderData<typeof loader>();
  const { t, day } = useI18n();
  const list = (rows: typeof toPick, testId: string) => (
    <ul className="mt-2 space-y-2" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.id} className="rounded bg-white p-3 shadow">
          <Link to={`/facilities/${facility.code}/picking/${r.id}`} className="font-semibold text-brand-700 underline">
            {t("pick.requestFrom", { id: r.id, facility: `${r.facilityName} (${r.facilityCode})` })}
          </Link>{" "}
          <StatusBadge status={r.status} />
          {r.emergency ? <span className="ml-2 text-sm font-semibold text-red-800">{t("request.emergency")}</span> : null}
          <p className="text-sm text-slate-700">{t("pick.neededBy", { date: day(r.neededBy), lines: r.lines })}</p>
        </li>
      ))}
    </ul>
  );
  return (
    <div className="max-w-4xl">
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}`} className="text-brand-700 underline">{t("request.backToFacility", { facility: facility.name })}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("pick.listTitle", { facility: facility.name })}</h1>
      <p className="text-slate-700">{t("pick.listIntro")}</p>
      {toPick.length === 0 ? <p className="mt-4 text-slate-700">{t("pick.none")}</p> : list(toPick, "to-pick")}
      {shipped.length > 0 ? (
        <section aria-labelledby="shipped" className="mt-6">
          <h2 id="shipped" className="text-lg font-semibold">{t("pick.shippedTitle")}</h2>
          {list(shipped, "shipped")}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pick.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
