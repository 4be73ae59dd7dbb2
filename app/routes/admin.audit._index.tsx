import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { listAudit, listAuditEntities } from "#db/audit.server";
import { listFacilityOptions } from "#db/facilities.server";
import { listUsers } from "#db/users.server";
import { auditFiltersFromUrl } from "~/lib/audit-query.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { HxlCsvLink } from "~/components/hxl-link";

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
  const select = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";
  return (
    <div>
      <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
      <p className="text-slate-700">{t("audit.intro")}</p>
      <Form method="get" className="mt-4 grid gap-3 rounded-lg bg-white p-4 shadow sm:grid-cols-3 lg:grid-cols-6">
        <div>
          <label htmlFor="audit-user" className="block text-sm font-medium">{t("audit.user")}</label>
          <select id="audit-user" name="user" defaultValue={input.user ?? ""} className={select}>
            <option value="">{t("common.all")}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>{u.email}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-facility" className="block text-sm font-medium">{t("audit.facility")}</label>
          <select id="audit-facility" name="facility" defaultValue={input.facility ?? ""} className={select}>
            <option value="">{t("common.all")}</option>
            {facilities.map((f) => (
              <option key={f.code} value={f.code}>{`${f.code} · ${f.name}`}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-entity" className="block text-sm font-medium">{t("audit.entity")}</label>
          <select id="audit-entity" name="entity" defaultValue={input.entity ?? ""} className={select}>
            <option value="">{t("common.all")}</option>
            {entities.map((entity) => (
              <option key={entity} value={entity}>{entity}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">{t("audit.from")}</label>
          <input id="audit-from" type="date" name="from" defaultValue={input.from ?? ""} className={select} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">{t("audit.to")}</label>
          <input id="audit-to" type="date" name="to" defaultValue={input.to ?? ""} className={select} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t("common.filter")}
          </button>
          <a href={exportHref} className="rounded border border-brand-700 px-3 py-2 text-brand-700 hover:bg-brand-50" download>
            {t("common.exportCsv")}
          </a>
          <HxlCsvLink href={exportHref} />
        </div>
      </Form>
      {entries.length === 0 ? (
        <p className="mt-6">{t("audit.empty")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg bg-white shadow focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">{t("audit.at")}</th>
                <th scope="col" className="px-3 py-2">{t("audit.user")}</th>
                <th scope="col" className="px-3 py-2">{t("audit.action")}</th>
                <th scope="col" className="px-3 py-2">{t("audit.entity")}</th>
                <th scope="col" className="px-3 py-2">{t("audit.facility")}</th>
                <th scope="col" className="px-3 py-2">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
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
