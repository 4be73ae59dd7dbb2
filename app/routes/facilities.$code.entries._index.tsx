import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { listEntries } from "#db/census.server";
import { requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { allGroups } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { entryKinds, parseEntryFilters } from "~/lib/schemas/entries";
import { DataTable } from "~/components/ui/data-table";
import { FilterForm, FilterInput, FilterSelect } from "~/components/ui/filter-form";
import { PageHeader } from "~/components/ui/page-header";

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
  const csvHref = `/facilities/${facility.code}/entries.csv?${params}`;
  return (
    <div>
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("entries.title", { facility: facility.name })}
        intro={t("entries.intro")}
      />
      <FilterForm csvHref={csvHref}>
        <FilterSelect id="entries-kind" name="kind" label={t("entries.kind")} value={filters.kind} options={entryKinds.map((k) => ({ value: k, label: t(`entryKind.${k}`) }))} />
        <FilterInput id="entries-from" type="date" name="from" label={t("entries.from")} value={filters.from} />
        <FilterInput id="entries-to" type="date" name="to" label={t("entries.to")} value={filters.to} />
      </FilterForm>
      <DataTable
        className="mt-6"
        isEmpty={entries.length === 0}
        empty={t("entries.empty")}
        columns={[
          { label: "#" },
          { label: t("entries.when") },
          { label: t("entries.kind") },
          { label: t("entries.people"), numeric: true },
          { label: t("entries.detail") },
          { label: t("entries.recordedBy") },
          canRecord && { label: t("common.actions") },
        ]}
      >
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
      </DataTable>
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
