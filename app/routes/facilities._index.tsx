import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listFacilities } from "#db/facilities.server";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { HxlCsvLink } from "~/components/hxl-link";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const facilities = await listFacilities(getDb(), facilityScope(user));
  return { facilities, canManage: can(user.role, "facility:manage") };
}

export default function Facilities() {
  const { facilities, canManage } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t("facilities.title")}</h1>
          <p className="text-slate-700">{t("facilities.intro")}</p>
        </div>
        <div className="flex gap-2">
          <a href="/facilities/export.csv" download className="rounded border border-brand-700 px-3 py-2 text-brand-700 hover:bg-brand-50">
            {t("common.exportCsv")}
          </a>
          <HxlCsvLink href="/facilities/export.csv" />
          {canManage ? (
            <Link to="/facilities/new" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
              {t("facilities.new")}
            </Link>
          ) : null}
        </div>
      </div>
      {facilities.length === 0 ? (
        <p className="mt-6">{t("facilities.empty")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg bg-white shadow focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("facilities.count", { count: facilities.length })}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">{t("facility.code")}</th>
                <th scope="col" className="px-3 py-2">{t("facility.name")}</th>
                <th scope="col" className="px-3 py-2">{t("facility.kind")}</th>
                <th scope="col" className="px-3 py-2">{t("facility.region")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("facility.beds")}</th>
                <th scope="col" className="px-3 py-2">{t("facility.status")}</th>
              </tr>
            </thead>
            <tbody>
              {facilities.map((facility) => (
                <tr key={facility.id} className="border-t border-slate-200">
                  <td className="px-3 py-2 font-mono">{facility.code}</td>
                  <td className="px-3 py-2">
                    <Link to={`/facilities/${facility.code}`} className="font-medium text-brand-700 underline">
                      {facility.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{t(`facilityKind.${facility.kind}`)}</td>
                  <td className="px-3 py-2">{facility.region}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(facility.beds)}</td>
                  <td className="px-3 py-2">{t(`facilityStatus.${facility.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "facilities.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
