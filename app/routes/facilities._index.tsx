import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listFacilities } from "#db/facilities.server";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { CsvLinks, DataTable } from "~/components/ui/data-table";
import { PageHeader } from "~/components/ui/page-header";
import { ButtonLink } from "~/components/ui/button";

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
      <PageHeader
        title={t("facilities.title")}
        intro={t("facilities.intro")}
        actions={
          <>
            <CsvLinks href="/facilities/export.csv" />
            {canManage ? <ButtonLink to="/facilities/new">{t("facilities.new")}</ButtonLink> : null}
          </>
        }
      />
      <DataTable
        className="mt-6"
        isEmpty={facilities.length === 0}
        empty={t("facilities.empty")}
        caption={t("facilities.count", { count: facilities.length })}
        columns={[
          { label: t("facility.code") },
          { label: t("facility.name") },
          { label: t("facility.kind") },
          { label: t("facility.region") },
          { label: t("facility.beds"), numeric: true },
          { label: t("facility.status") },
        ]}
      >
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
      </DataTable>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "facilities.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
