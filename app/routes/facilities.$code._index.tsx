import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireFacility } from "~/lib/auth.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code);
  return { facility, canManage: can(user.role, "facility:manage") };
}

export default function FacilityPage() {
  const { facility, canManage } = useLoaderData<typeof loader>();
  const { t, number, relative } = useI18n();
  const rows: [string, string][] = [
    [t("facility.kind"), t(`facilityKind.${facility.kind}`)],
    [t("facility.region"), facility.region || t("common.notSet")],
    [
      t("facility.coordinates"),
      facility.latitude != null && facility.longitude != null
        ? `${number(facility.latitude, { maximumFractionDigits: 5 })}, ${number(facility.longitude, { maximumFractionDigits: 5 })}`
        : t("common.notSet"),
    ],
    [t("facility.status"), t(`facilityStatus.${facility.status}`)],
  ];
  const capacity: [string, string][] = [
    [t("facility.beds"), number(facility.beds)],
    [t("facility.coveredAreaM2"), number(facility.coveredAreaM2)],
    [t("facility.waterLitresPerDay"), number(facility.waterLitresPerDay)],
    [t("facility.toilets"), number(facility.toilets)],
  ];
  return (
    <div>
      <p className="text-sm">
        <Link to="/facilities" className="text-brand-700 underline">
          {t("common.backTo", { place: t("facilities.title") })}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">
            {facility.name} <span className="font-mono text-lg text-slate-600">{facility.code}</span>
          </h1>
          <p className="text-sm text-slate-600">{t("facility.updatedAt", { when: relative(facility.updatedAt) })}</p>
        </div>
        {canManage ? (
          <Link
            to={`/facilities/${facility.code}/edit`}
            className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
          >
            {t("common.edit")}
          </Link>
        ) : null}
      </div>
      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <DefinitionCard rows={rows} />
        <section aria-labelledby="capacity-inputs">
          <h2 id="capacity-inputs" className="mb-2 text-lg font-semibold">
            {t("facility.capacityInputs")}
          </h2>
          <DefinitionCard rows={capacity} />
        </section>
      </div>
      {facility.notes ? (
        <section className="mt-6">
          <h2 className="text-lg font-semibold">{t("facility.notes")}</h2>
          <p className="mt-1 whitespace-pre-line">{facility.notes}</p>
        </section>
      ) : null}
    </div>
  );
}

function DefinitionCard({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 rounded-lg bg-white p-4 shadow">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-700">{term}</dt>
          <dd className="tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.facility.name} · Albergue` }] : pageTitle(matches, "facilities.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
