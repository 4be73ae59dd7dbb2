import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lastSubmittedCount } from "#db/stock.server";
import { requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isMessageKey, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { facilityStock, type ItemStock } from "~/lib/stock.server";
import { zonedDay } from "~/lib/time";
import { PageHeader } from "~/components/ui/page-header";
import { DataTable, TableScroll } from "~/components/ui/data-table";
import { ButtonLink } from "~/components/ui/button";

/** A physical count older than this is shown as stale. */
const COUNT_STALE_DAYS = 30;
const categories = ["food", "water", "nutrition", "hygiene", "medical", "vaccine"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Aggregate quantities only, so every role that sees the facility sees its stock.
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const now = new Date();
  const today = zonedDay(now, env().ALBERGUE_TIME_ZONE);
  const db = getDb();
  const [stock, lastCount] = await Promise.all([facilityStock(db, facility.id, today), lastSubmittedCount(db, facility.id)]);
  const countedAt = lastCount?.submittedAt ?? null;
  return {
    facility: { code: facility.code, name: facility.name },
    today,
    canRecord: can(user.role, "stock:record") && user.facilityIds.includes(facility.id),
    lastCount: countedAt
      ? { at: countedAt.toISOString(), stale: now.getTime() - countedAt.getTime() > COUNT_STALE_DAYS * 86_400_000 }
      : null,
    items: stock.map(({ lots, ...item }) => ({
      ...item,
      // Lots that cannot be given to people, for the list with links to each lot's page.
      unusableLots: lots.filter((l) => l.state !== "usable" && l.quantity > 0),
    })),
  };
}

type PageItem = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function useLabels() {
  const { t, tMaybe, locale } = useI18n();
  return {
    name: (item: Pick<ItemStock, "nameEs" | "nameEn">) => (locale === "en" ? item.nameEn : item.nameEs),
    unit: (unit: string) => tMaybe(`stock.unit.${unit}`),
    target: (target: string) => {
      const key = target === "everyone" ? "stock.target.everyone" : `group.${target}`;
      if (isMessageKey(key)) return t(key);
      const own = `stock.target.${target}`;
      return isMessageKey(own) ? t(own) : target;
    },
  };
}

function DaysOfCover({ item }: { item: PageItem }) {
  const { t, number } = useI18n();
  const labels = useLabels();
  const unit = labels.unit(item.unit);
  const fmt = (value: number) => number(value, { maximumFractionDigits: 2 });
  let headline: string;
  if (item.daysOfCover !== null) headline = t("stock.days", { days: number(item.daysOfCover, { maximumFractionDigits: 1 }) });
  else if (item.unknownTargets.length > 0) headline = t("stock.notComputable");
  else if (item.demandTerms.length > 0) headline = t("stock.noDemandToday");
  else headline = t("stock.noNorm");
  return (
    <div>
      <span className="font-semibold tabular-nums">{headline}</span>
      <details className="mt-1 text-sm">
        <summary className="cursor-pointer text-brand-700 underline">{t("stock.why")}</summary>
        <div className="mt-1 space-y-1 text-slate-800">
          {item.demandTerms.length === 0 && item.unknownTargets.length === 0 ? <p>{t("stock.why.noNorm")}</p> : null}
          {item.demandTerms.map((term) => (
            <p key={term.target}>
              {t("stock.why.term", {
                group: labels.target(term.target),
                people: number(term.people),
                perPersonDay: fmt(term.perPersonDay),
                quantity: fmt(term.quantity),
                unit,
              })}
            </p>
          ))}
          {item.demandTerms.length > 1 ? <p>{t("stock.why.perDay", { quantity: fmt(item.perDay), unit })}</p> : null}
          {item.unknownTargets.map((target) => (
            <p key={target}>{t("stock.why.unknownTarget", { group: labels.target(target) })}</p>
          ))}
          {item.daysOfCover !== null ? (
            <p>
              {t("stock.why.cover", {
                usable: number(item.usable),
                perDay: fmt(item.perDay),
                days: number(item.daysOfCover, { maximumFractionDigits: 1 }),
                unit,
              })}
            </p>
          ) : null}
          {item.perDay > 0 ? (
            <p>
              {t("stock.why.reorder", {
                perDay: fmt(item.perDay),
                lead: item.leadTimeDays,
                safety: item.safetyStockDays,
                point: number(Math.ceil(item.reorderPoint)),
                unit,
              })}
            </p>
          ) : null}
        </div>
      </details>
    </div>
  );
}

function CategoryTable({ category, items, code }: { category: string; items: PageItem[]; code: string }) {
  const { t, number } = useI18n();
  const labels = useLabels();
  const th = "px-3 py-2 align-bottom";
  return (
    <TableScroll className="mt-4">
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left text-lg font-semibold">{t(`stock.category.${category}` as "stock.category.food")}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={th}>{t("stock.item")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.usable")}</th>
            <th scope="col" className={th}>{t("stock.col.daysOfCover")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.reorderPoint")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.expiring30")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.expiring60")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.expiring90")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.quarantined")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.expired")}</th>
            <th scope="col" className={`${th} text-right`}>{t("stock.col.inTransit")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const unit = labels.unit(item.unit);
            const qty = (value: number) => (value === 0 ? "0" : `${number(value)} ${unit}`);
            return (
              <tr key={item.itemId} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-normal">
                  <Link to={`/facilities/${code}/stock/${item.code}`} className="font-semibold text-brand-700 underline">
                    {labels.name(item)}
                  </Link>
                  <div className="font-mono text-xs text-slate-700">{item.code}</div>
                </th>
                <td className="whitespace-nowrap px-3 py-2 text-right text-base font-semibold tabular-nums">{`${number(item.usable)} ${unit}`}</td>
                <td className="min-w-48 px-3 py-2">
                  <DaysOfCover item={item} />
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                  {item.perDay > 0 ? `${number(Math.ceil(item.reorderPoint))} ${unit}` : "—"}
                  {item.belowReorderPoint ? (
                    <div className="mt-1">
                      <span className="inline-block rounded border border-red-800 bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-900">
                        ⚠ {t("stock.belowReorderPoint")}
                      </span>
                    </div>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{qty(item.expiring.within30)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{qty(item.expiring.within60)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{qty(item.expiring.within90)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{qty(item.quarantined)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{qty(item.expired)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{qty(item.inTransitIn)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function StockPage() {
  const { facility, items, canRecord, lastCount } = useLoaderData<typeof loader>();
  const { t, number, dateTime, relative, day } = useI18n();
  const labels = useLabels();
  const base = `/facilities/${facility.code}/stock`;
  const unusable = items.flatMap((item) => item.unusableLots.map((lot) => ({ item, lot })));
  const below = items.filter((i) => i.belowReorderPoint);
  return (
    <div>
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("stock.title", { facility: facility.name })}
        intro={t("stock.intro")}
      />

      {canRecord ? (
        <nav aria-label={t("stock.recordNav")} className="mt-4 flex flex-wrap gap-2">
          <ButtonLink to={`${base}/receipts/new`}>{t("stock.action.receive")}</ButtonLink>
          <ButtonLink to={`${base}/issues/new`}>{t("stock.action.issue")}</ButtonLink>
          <ButtonLink variant="secondary" to={`${base}/adjustments/new`}>
            {t("stock.action.adjust")}
          </ButtonLink>
          <ButtonLink variant="secondary" to={`${base}/shipments/new`}>
            {t("stock.action.ship")}
          </ButtonLink>
          <ButtonLink variant="secondary" to={`${base}/counts`}>
            {t("stock.action.count")}
          </ButtonLink>
          <ButtonLink variant="secondary" to={`/facilities/${facility.code}/requests/new`}>
            {t("stock.requestLink")}
          </ButtonLink>
        </nav>
      ) : null}

      <section aria-labelledby="last-count" className="mt-4">
        <h2 id="last-count" className="sr-only">
          {t("stock.lastCount")}
        </h2>
        {lastCount ? (
          <p className={lastCount.stale ? "rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-amber-950" : "text-slate-800"} data-testid="last-count">
            {lastCount.stale ? `⚠ ${t("stock.lastCountStale")} ` : null}
            {t("stock.lastCountAt", { date: dateTime(lastCount.at), ago: relative(lastCount.at) })}
          </p>
        ) : (
          <p className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 font-semibold text-amber-950" data-testid="last-count">
            ⚠ {t("stock.neverCounted")}
          </p>
        )}
      </section>

      {below.length > 0 ? (
        <p className="mt-4 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
          ⚠ {t("stock.belowSummary", { count: below.length, items: below.map((i) => labels.name(i)).join(", ") })}
        </p>
      ) : null}

      {items.length === 0 ? <p className="mt-6">{t("stock.noItems")}</p> : null}
      {categories.map((category) => {
        const inCategory = items.filter((i) => i.category === category);
        return inCategory.length ? <CategoryTable key={category} category={category} items={inCategory} code={facility.code} /> : null;
      })}

      <section aria-labelledby="unusable-lots" className="mt-8">
        <h2 id="unusable-lots" className="text-xl font-semibold">
          {t("stock.unusableLots")}
        </h2>
        <DataTable
          className="mt-2"
          isEmpty={unusable.length === 0}
          empty={t("stock.unusableLotsNone")}
          columns={[
            { label: t("stock.lot") },
            { label: t("stock.item") },
            { label: t("stock.lotPage.state") },
            { label: t("stock.expiry") },
            { label: t("stock.lotPage.onHand"), numeric: true },
          ]}
        >
          {unusable.map(({ item, lot }) => (
            <tr key={lot.lotId} className="border-t border-slate-200">
              <td className="px-3 py-2">
                <Link to={`${base}/lots/${lot.lotId}`} className="font-semibold text-brand-700 underline">
                  {lot.lotNumber || t("stock.noLot")}
                </Link>
              </td>
              <td className="px-3 py-2">{labels.name(item)}</td>
              <td className="px-3 py-2">{t(`stock.state.${lot.state}`)}</td>
              <td className="px-3 py-2">{lot.expiry ? day(lot.expiry) : t("stock.noExpiry")}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{`${number(lot.quantity)} ${labels.unit(item.unit)}`}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.metaTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
