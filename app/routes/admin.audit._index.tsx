import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { listAudit, listAuditEntities } from "#db/audit.server";
import { listFacilityOptions } from "#db/facilities.server";
import { listUsers } from "#db/users.server";
import { auditFiltersFromUrl } from "~/lib/audit-query.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { DataTable } from "~/components/ui/data-table";
import { FilterForm, FilterInput, FilterSelect } from "~/components/ui/filter-form";
import { PageHeader } from "~/components/ui/page-header";

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "audit:view");
  const url = new URL(request.url);
  const { input, filters } = await auditFiltersFromUrl(url);
  const db = getDb();
  const [entries, users, facilities, entities] = await Promise.all([
    listAudit(db, filters, { beforeId: input.before, limit: PAGE_SIZE + 1 }),
    listUsers(db),
    listFacilityOptions(db),
    listAuditEntities(db),
  ]);
  const page = entries.slice(0, PAGE_SIZE);
  return {
    entries: page.map((e) => ({ ...e, changes: JSON.stringify(e.changes) })),
    nextBefore: entries.length > PAGE_SIZE ? page[page.length - 1]?.id : undefined,
    input,
    users: users.map((u) => ({ id: u.id, email: u.email })),
    facilities: facilities.map((f) => ({ code: f.code, name: f.name })),
    entities,
  };
}

export default function AuditLog() {
  const { entries, nextBefore, input, users, facilities, entities } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("before");
  const exportHref = `/admin/audit/export.csv?${params}`;
  const olderParams = new URLSearchParams(params);
  if (nextBefore) olderParams.set("before", String(nextBefore));
  return (
    <div>
      <PageHeader title={t("audit.title")} intro={t("audit.intro")} />
      <FilterForm csvHref={exportHref} className="mt-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <FilterSelect id="audit-user" name="user" label={t("audit.user")} value={input.user} options={users.map((u) => ({ value: String(u.id), label: u.email }))} />
        <FilterSelect
          id="audit-facility"
          name="facility"
          label={t("audit.facility")}
          value={input.facility}
          options={facilities.map((f) => ({ value: f.code, label: `${f.code} · ${f.name}` }))}
        />
        <FilterSelect id="audit-entity" name="entity" label={t("audit.entity")} value={input.entity} options={entities.map((e) => ({ value: e, label: e }))} />
        <FilterInput id="audit-from" type="date" name="from" label={t("audit.from")} value={input.from} />
        <FilterInput id="audit-to" type="date" name="to" label={t("audit.to")} value={input.to} />
      </FilterForm>
      <DataTable
        className="mt-6"
        isEmpty={entries.length === 0}
        empty={t("audit.empty")}
        columns={[
          { label: t("audit.at") },
          { label: t("audit.user") },
          { label: t("audit.action") },
          { label: t("audit.entity") },
          { label: t("audit.facility") },
          { label: t("audit.changes") },
        ]}
      >
        {entries.map((entry) => (
          <tr key={entry.id} className="border-t border-slate-200 align-top">
            <td className="whitespace-nowrap px-3 py-2">{dateTime(entry.at)}</td>
            <td className="px-3 py-2 font-mono">{entry.userEmail ?? t("audit.system")}</td>
            <td className="px-3 py-2">{entry.action}</td>
            <td className="px-3 py-2">
              {entry.entity}
              {entry.entityId ? <span className="text-slate-600"> #{entry.entityId}</span> : null}
            </td>
            <td className="px-3 py-2 font-mono">{entry.facilityCode ?? "—"}</td>
            <td className="max-w-md break-words px-3 py-2 font-mono text-xs">{entry.changes}</td>
          </tr>
        ))}
      </DataTable>
      {nextBefore ? (
        <p className="mt-4">
          <Link to={`?${olderParams}`} className="text-brand-700 underline">
            {t("common.next")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
