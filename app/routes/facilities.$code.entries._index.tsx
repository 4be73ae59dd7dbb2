import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { listEntries } from "#db/census.server";
import { requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { allGroups } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { entryKinds, parseEntryFilters } from "~/lib/schemas/entries";
import { HxlCsvLink } from "~/components/hxl-link";

const PAGE_SIZE = 50;

// Past this, the time typed and the time the server wrote the entry are both shown.
const RECORDED_LATE_MS = 15 * 60_000;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:view");
  const filters = parseEntryFilters(new URL(request.url));
  const rows = await listEntries(
    getDb(),
    facility.id,
    { kind: filters.kind, fromDay: filters.from, toDay: filters.to },
    { beforeId: filters.before, limit: PAGE_SIZE + 1 },
  );
  const page = rows.slice(0, PAGE_SIZE);
  return {
    facility: { code: facility.code, name: facility.name },
    filters,
    canRecord: can(user.role, "population:record"),
    nextBefore: rows.length > PAGE_SIZE ? page[page.length - 1]?.id : undefined,
    entries: page.map((e) => ({
      id: e.id,
      kind: e.kind,
      sign: e.sign,
      occurredAt: e.occurredAt,
      // An entry kept on a device while the link was down reaches the ledger later: both times show.
      recordedLate: e.recordedAt.getTime() - e.occurredAt.getTime() > RECORDED_LATE_MS ? e.recordedAt : null,
      total: e.total,
      groups: allGroups.filter((g) => e[g] > 0).map((g) => ({ group: g, count: e[g] })),
      origin: e.origin,
      destination: e.destination,
      notes: e.notes,
      reason: e.reason,
      reversesEntryId: e.reversesEntryId,
      reversedBy: e.reversedBy,
      recordedBy: e.recordedByName,
      viaApi: e.recordedByName == null && e.apiTokenId != null,
    })),
  };
}

export default function Entries() {
  const { facility, filters, entries, nextBefore, canRecord } = useLoaderData<typeof loader>();
  const { t, dateTime, number } = useI18n();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("before");
  const older = new URLSearchParams(params);
  if (nextBefore) older.set("before", String(nextBefore));
  const input = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";
  return (
    <div>
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}`} className="text-brand-700 underline">
          {t("common.backTo", { place: facility.name })}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("entries.title", { facility: facility.name })}</h1>
      <p className="text-slate-700">{t("entries.intro")}</p>
      <Form method="get" className="mt-4 grid gap-3 rounded-lg bg-white p-4 shadow sm:grid-cols-4">
        <div>
          <label htmlFor="entries-kind" className="block text-sm font-medium">{t("entries.kind")}</label>
          <select id="entries-kind" name="kind" defaultValue={filters.kind ?? ""} className={input}>
            <option value="">{t("common.all")}</option>
            {entryKinds.map((k) => (
              <option key={k} value={k}>{t(`entryKind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entries-from" className="block text-sm font-medium">{t("entries.from")}</label>
          <input id="entries-from" type="date" name="from" defaultValue={filters.from ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="entries-to" className="block text-sm font-medium">{t("entries.to")}</label>
          <input id="entries-to" type="date" name="to" defaultValue={filters.to ?? ""} className={input} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t("common.filter")}
          </button>
          <a href={`/facilities/${facility.code}/entries.csv?${params}`} download className="rounded border border-brand-700 px-3 py-2 text-brand-700 hover:bg-brand-50">
            {t("common.exportCsv")}
          </a>
          <HxlCsvLink href={`/facilities/${facility.code}/entries.csv?${params}`} />
        </div>
      </Form>
      {entries.length === 0 ? (
        <p className="mt-6">{t("entries.empty")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg bg-white shadow focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">#</th>
                <th scope="col" className="px-3 py-2">{t("entries.when")}</th>
                <th scope="col" className="px-3 py-2">{t("entries.kind")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("entries.people")}</th>
                <th scope="col" className="px-3 py-2">{t("entries.detail")}</th>
                <th scope="col" className="px-3 py-2">{t("entries.recordedBy")}</th>
                {canRecord ? <th scope="col" className="px-3 py-2">{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className={`border-t border-slate-200 align-top ${e.reversedBy ? "text-slate-600 line-through" : ""}`}>
                  <td className="px-3 py-2 font-mono">{e.id}</td>
                  <td className="whitespace-nowrap px-3 py-2">{dateTime(e.occurredAt)}</td>
                  <td className="px-3 py-2">{t(`entryKind.${e.kind}`)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{`${e.sign > 0 ? "+" : "−"}${number(e.total)}`}</td>
                  <td className="px-3 py-2">
                    {e.groups.map((g) => `${t(`group.${g.group}`)} ${number(g.count)}`).join(" · ")}
                    {e.origin ? <div>{e.origin}</div> : null}
                    {e.destination ? <div>→ {e.destination}</div> : null}
                    {e.notes ? <div className="text-slate-700">{e.notes}</div> : null}
                    {e.recordedLate ? <div className="text-slate-700">{t("entries.recordedAt", { time: dateTime(e.recordedLate) })}</div> : null}
                    {e.reversesEntryId ? <div>{t("entries.reverses", { id: e.reversesEntryId, reason: e.reason })}</div> : null}
                    {e.reversedBy ? <div className="no-underline">{t("entries.reversed", { id: e.reversedBy })}</div> : null}
                  </td>
                  <td className="px-3 py-2">{e.recordedBy ?? (e.viaApi ? t("entries.viaApi") : t("entries.system"))}</td>
                  {canRecord ? (
                    <td className="px-3 py-2">
                      {!e.reversedBy && (e.kind === "arrival" || e.kind === "departure") ? (
                        <Link to={`/facilities/${facility.code}/entries/${e.id}/reverse`} className="text-brand-700 underline">
                          {t("entries.correct")}
                        </Link>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <p className="mt-4">
          <Link to={`?${older}`} className="text-brand-700 underline">
            {t("entries.older")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "entries.title", { facility: "" });

export { ErrorBoundary } from "~/components/route-error-boundary";
