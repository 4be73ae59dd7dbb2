import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { listFollowUps, type FollowUpKind } from "#db/care-reports.server";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { zonedDay } from "~/lib/time";
import { DataTable } from "~/components/ui/data-table";
import { FilterForm, FilterInput, FilterSelect } from "~/components/ui/filter-form";
import { PageHeader } from "~/components/ui/page-header";

export const followUpKinds = ["nutrition", "antenatal", "vaccine"] as const satisfies readonly FollowUpKind[];

/**
 * A screenful: at a record year a station has hundreds of open cases, and a page of every due
 * follow-up was slow to send and to read. The CSV keeps the whole list.
 */
export const FOLLOW_UP_PAGE_SIZE = 50;

const filterSchema = z.object({
  kind: z.enum(followUpKinds).optional().catch(undefined),
  days: z.coerce.number().int().min(0).max(60).catch(7),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** The list's filters from the query string; bad values fall back to the defaults. */
export function parseFollowUpFilters(url: URL) {
  return filterSchema.parse({
    kind: url.searchParams.get("kind") || undefined,
    days: url.searchParams.get("days") ?? 7,
    page: url.searchParams.get("page") ?? 1,
  });
}

/** The follow-up list of a facility: health workers and admins (care:view), scoped to the facility. */
export async function loadFollowUps(request: Request, context: LoaderFunctionArgs["context"], code: string | undefined) {
  const { user, facility } = await requireFacility(request, context, code, "care:view");
  const filters = parseFollowUpFilters(new URL(request.url));
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const today = zonedDay(new Date(), timeZone);
  const db = getDb();
  const rows = await listFollowUps(db, facility.id, today, { horizonDays: filters.days, kind: filters.kind, timeZone });
  // The list names people: its view is in the audit log like a case's.
  await recordCareRead(db, formActor(user, context), facility.id, {
    of: "followup",
    details: { rows: rows.length, kind: filters.kind ?? "all", days: filters.days },
  });
  return { facility, filters, today, rows };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility, filters, today, rows: all } = await loadFollowUps(request, context, params.code);
  // The list is sorted most urgent first, so the first page is what needs doing now; a page past
  // the end shows the last one.
  const pageCount = Math.max(1, Math.ceil(all.length / FOLLOW_UP_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  const rows = all.slice((page - 1) * FOLLOW_UP_PAGE_SIZE, page * FOLLOW_UP_PAGE_SIZE);
  return {
    facility: { code: facility.code, name: facility.name },
    filters: { kind: filters.kind, days: filters.days },
    today,
    total: all.length,
    leaving: all.filter((r) => r.leavingSoon).length,
    page,
    pageCount,
    rows: rows.map((r) => ({
      key: `${r.kind}-${r.caseId}-${r.itemCode ?? ""}`,
      kind: r.kind,
      caseCode: r.caseCode,
      name: r.name,
      pregnant: r.pregnant,
      arrivalDate: r.arrivalDate,
      dueDate: r.dueDate,
      state: r.state,
      leavingSoon: r.leavingSoon,
      nutrition: r.nutrition ?? null,
      contactNumber: r.contactNumber ?? null,
      itemNameEs: r.itemNameEs ?? null,
      itemNameEn: r.itemNameEn ?? null,
      doseNumber: r.doseNumber ?? null,
    })),
  };
}

const stateStyle = {
  overdue: "bg-red-100 text-red-900",
  due: "bg-amber-100 text-amber-900",
  upcoming: "bg-slate-100 text-slate-800",
} as const;

export default function FollowUp() {
  const { facility, filters, rows, today, total, leaving, page, pageCount } = useLoaderData<typeof loader>();
  const { t, day, locale, number } = useI18n();
  const location = useLocation();
  const query = new URLSearchParams(location.search);
  query.delete("page");
  const pageHref = (n: number) => {
    const q = new URLSearchParams(query);
    if (n > 1) q.set("page", String(n));
    return `?${q}`;
  };
  return (
    <div>
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("carefollow.title", { facility: facility.name })}
        intro={t("carefollow.intro", { days: 3 })}
      />
      <FilterForm csvHref={`/facilities/${facility.code}/care/followup.csv?${query}`} className="mt-4 grid gap-3 sm:grid-cols-3">
        <FilterSelect
          id="followup-kind"
          name="kind"
          label={t("carefollow.kind")}
          value={filters.kind}
          options={followUpKinds.map((k) => ({ value: k, label: t(`carefollow.kind.${k}`) }))}
        />
        <FilterInput id="followup-days" type="number" name="days" min={0} max={60} label={t("carefollow.days")} value={filters.days} />
      </FilterForm>
      <p className="mt-4" data-testid="followup-summary">
        {t("carefollow.summary", { count: total, leaving, today: day(today) })}
      </p>
      <DataTable
        className="mt-4"
        isEmpty={rows.length === 0}
        empty={t("carefollow.empty")}
        caption={t("carefollow.title", { facility: facility.name })}
        columns={[
          { label: t("carefollow.due") },
          { label: t("carefollow.case") },
          { label: t("carefollow.kind") },
          { label: t("carefollow.detail") },
          { label: t("carefollow.arrived") },
        ]}
      >
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-slate-200 align-top">
            <td className="whitespace-nowrap px-3 py-2">
              <span className={`rounded px-2 py-0.5 text-xs font-semibold ${stateStyle[r.state]}`}>{t(`carefollow.state.${r.state}`)}</span>{" "}
              {day(r.dueDate)}
            </td>
            <td className="px-3 py-2">
              <Link to={`/facilities/${facility.code}/care/${r.caseCode}`} className="font-mono font-semibold text-brand-700 underline">
                {r.caseCode}
              </Link>
              {r.name ? <div>{r.name}</div> : null}
            </td>
            <td className="px-3 py-2">{t(`carefollow.kind.${r.kind}`)}</td>
            <td className="px-3 py-2">
              {r.kind === "nutrition" && r.nutrition ? t(`carefollow.nutrition.${r.nutrition}`) : null}
              {r.kind === "antenatal" ? (r.contactNumber ? t("carefollow.ancContact", { n: number(r.contactNumber) }) : t("carefollow.ancNext")) : null}
              {r.kind === "vaccine" ? t("carefollow.vaccineDose", { vaccine: (locale === "es" ? r.itemNameEs : r.itemNameEn) ?? "", n: r.doseNumber ?? 1 }) : null}
            </td>
            <td className="whitespace-nowrap px-3 py-2">
              {day(r.arrivalDate)}
              {r.leavingSoon ? (
                <div>
                  <span className="rounded bg-brand-100 px-2 py-0.5 text-xs font-semibold text-brand-800">{t("carefollow.leavingSoon")}</span>
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
      {pageCount > 1 ? (
        <nav aria-label={t("carefollow.pages")} className="mt-4 flex flex-wrap items-center gap-4" data-testid="followup-pages">
          {page > 1 ? (
            <Link to={pageHref(page - 1)} className="text-brand-700 underline">
              {t("common.previous")}
            </Link>
          ) : null}
          <span>{t("carefollow.pageOf", { page, pages: pageCount, from: (page - 1) * FOLLOW_UP_PAGE_SIZE + 1, to: (page - 1) * FOLLOW_UP_PAGE_SIZE + rows.length, total })}</span>
          {page < pageCount ? (
            <Link to={pageHref(page + 1)} className="text-brand-700 underline">
              {t("common.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "carefollow.title", { facility: "" });

export { ErrorBoundary } from "~/components/route-error-boundary";
