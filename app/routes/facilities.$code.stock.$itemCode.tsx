import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { getItemByCode } from "#db/catalogue.server";
import { listStockCard } from "#db/stock.server";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { setOrderBasis } from "~/lib/commands/order-basis.server";
import { getDb } from "~/lib/db.server";
import { readForm } from "~/lib/form-data.server";
import { orderBasisSchema } from "~/lib/schemas/planning";
import { redirectWithFlash } from "~/lib/session.server";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { parseStockCardFilters } from "~/lib/schemas/stock";
import { facilityStock, itemConsumption } from "~/lib/stock.server";
import { ConsumptionPanel } from "~/components/consumption-panel";
import { zonedDay } from "~/lib/time";
import { ButtonLink } from "~/components/ui/button";
import { DataTable } from "~/components/ui/data-table";
import { FilterForm, FilterSelect } from "~/components/ui/filter-form";
import { PageHeader } from "~/components/ui/page-header";

const PAGE_SIZE = 50;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const now = new Date();
  const today = zonedDay(now, env().ALBERGUE_TIME_ZONE);
  const db = getDb();
  const item = (await facilityStock(db, facility.id, today)).find((i) => i.code === params.itemCode);
  if (!item) notFound();
  const filters = parseStockCardFilters(new URL(request.url));
  const lotId = item.lots.some((l) => l.lotId === filters.lot) ? filters.lot : undefined;
  const rows = await listStockCard(db, facility.id, { itemId: item.itemId, lotId }, { beforeId: filters.before, limit: PAGE_SIZE + 1 });
  const page = rows.slice(0, PAGE_SIZE);
  const consumption = await itemConsumption(db, facility.id, item, { now, timeZone: env().ALBERGUE_TIME_ZONE });
  return {
    consumption,
    basisForm: can(user.role, "planning:order_basis") ? { idempotencyKey: crypto.randomUUID() } : null,
    facility: { code: facility.code, name: facility.name },
    canRecord: can(user.role, "stock:record") && user.facilityIds.includes(facility.id),
    item,
    lotId: lotId ?? null,
    nextBefore: rows.length > PAGE_SIZE ? page[page.length - 1]?.id : undefined,
    entries: page.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt,
      kind: e.kind,
      quantity: e.quantity,
      balanceAfter: e.balanceAfter,
      lotId: e.lotId,
      lotNumber: e.lotNumber,
      reason: e.reason,
      source: e.source,
      documentRef: e.documentRef,
      peopleServed: e.peopleServed,
      shipmentId: e.shipmentId,
      notes: e.notes,
      recordedBy: e.recordedBy,
      viaApi: e.recordedBy == null && e.apiTokenId != null,
    })),
  };
}

/** A planner chooses what drives this item's suggested order here: the norm or the actual consumption. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "planning:order_basis");
  const db = getDb();
  const item = params.itemCode ? await getItemByCode(db, params.itemCode) : undefined;
  if (!item) notFound();
  const submission = parseWithZod(await readForm(request), { schema: orderBasisSchema });
  if (submission.status !== "success") return data({ error: "validation.formInvalid" as const }, { status: 400 });
  const { basis, idempotencyKey } = submission.value;
  await setOrderBasis(db, formActor(user, context), { facility: { id: facility.id, code: facility.code }, item: { itemId: item.id, code: item.code }, basis }, idempotencyKey);
  return redirectWithFlash(`/facilities/${facility.code}/stock/${encodeURIComponent(item.code)}`, {
    kind: "success",
    message: basis === "consumption" ? "consumption.basisSavedConsumption" : "consumption.basisSavedNorm",
  });
}

export default function StockCard() {
  const { facility, item, lotId, entries, nextBefore, canRecord, consumption, basisForm } = useLoaderData<typeof loader>();
  const { t, tMaybe, number, dateTime, day, locale } = useI18n();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  // An older page links back to the newest entries as well as on to older ones.
  const paged = params.has("before");
  params.delete("before");
  const older = new URLSearchParams(params);
  if (nextBefore) older.set("before", String(nextBefore));
  const base = `/facilities/${facility.code}/stock`;
  const unit = tMaybe(`stock.unit.${item.unit}`);
  const name = locale === "en" ? item.nameEn : item.nameEs;
  const lotTracked = item.lots.some((l) => l.lotNumber !== "");
  const figures: [string, number][] = [
    [t("stock.col.usable"), item.usable],
    [t("stock.col.quarantined"), item.quarantined],
    [t("stock.col.expired"), item.expired],
    [t("stock.col.inTransit"), item.inTransitIn],
  ];
  return (
    <div>
      <PageHeader
        back={{ to: base, label: t("stock.backToStock", { facility: facility.name }) }}
        title={t("stock.card.title", { item: name })}
        intro={t("stock.card.intro", { code: item.code, unit })}
      />

      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded-lg bg-white p-3 shadow">
            <dt className="text-sm text-slate-700">{label}</dt>
            <dd className="text-xl font-bold tabular-nums">{`${number(value)} ${unit}`}</dd>
          </div>
        ))}
      </dl>

      {canRecord ? (
        <p className="mt-4 flex flex-wrap gap-2">
          <ButtonLink variant="secondary" to={`${base}/receipts/new?item=${item.code}`}>
            {t("stock.action.receive")}
          </ButtonLink>
          <ButtonLink variant="secondary" to={`${base}/issues/new?item=${item.code}`}>
            {t("stock.action.issue")}
          </ButtonLink>
        </p>
      ) : null}

      <ConsumptionPanel consumption={consumption} unit={unit} basisForm={basisForm} />

      {item.lots.length > 0 ? (
        <section aria-labelledby="lots" className="mt-6">
          <h2 id="lots" className="text-xl font-semibold">
            {t("stock.card.lots")}
          </h2>
          <DataTable
            className="mt-2"
            columns={[
              { label: t("stock.lot") },
              { label: t("stock.expiry") },
              { label: t("stock.vvmStage") },
              { label: t("stock.lotPage.state") },
              { label: t("stock.lotPage.onHand"), numeric: true },
            ]}
          >
            {item.lots.map((l) => (
              <tr key={l.lotId} className="border-t border-slate-200">
                <td className="px-3 py-2">
                  <Link to={`${base}/lots/${l.lotId}`} className="text-brand-700 underline">
                    {l.lotNumber || t("stock.noLot")}
                  </Link>
                </td>
                <td className="px-3 py-2">{l.expiry ? day(l.expiry) : t("stock.noExpiry")}</td>
                <td className="px-3 py-2">{l.vvmStage ? t("stock.vvmStageN", { n: l.vvmStage }) : "—"}</td>
                <td className="px-3 py-2">{l.state === "usable" ? t("stock.state.usable") : `⚠ ${t(`stock.state.${l.state}`)}`}</td>
                <td className="px-3 py-2 text-right tabular-nums">{`${number(l.quantity)} ${unit}`}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}

      <h2 className="mt-8 text-xl font-semibold">{t("stock.card.entries")}</h2>
      <FilterForm csvHref={`${base}/${item.code}.csv?${params}`} submit={lotTracked} className="mt-2 flex flex-wrap items-end gap-3">
        {lotTracked ? (
          <FilterSelect
            id="card-lot"
            name="lot"
            label={t("stock.lot")}
            value={lotId}
            allLabel={t("stock.card.allLots")}
            options={item.lots.map((l) => ({ value: String(l.lotId), label: l.lotNumber || t("stock.noLot") }))}
          />
        ) : null}
      </FilterForm>
      <p className="mt-2 text-sm text-slate-700">{t("stock.card.balanceHint")}</p>
      <DataTable
        className="mt-2"
        isEmpty={entries.length === 0}
        empty={t("stock.card.empty")}
        columns={[
          { label: "#" },
          { label: t("stock.card.when") },
          { label: t("stock.card.kind") },
          { label: t("stock.lot") },
          { label: t("stock.quantity"), numeric: true },
          { label: t("stock.card.balance"), numeric: true },
          { label: t("stock.card.detail") },
          { label: t("stock.card.recordedBy") },
        ]}
      >
        {entries.map((e) => (
          <tr key={e.id} className="border-t border-slate-200 align-top">
            <td className="px-3 py-2 font-mono">{e.id}</td>
            <td className="whitespace-nowrap px-3 py-2">{dateTime(e.occurredAt)}</td>
            <td className="px-3 py-2">{t(`stock.kind.${e.kind}`)}</td>
            <td className="px-3 py-2">{e.lotNumber || t("stock.noLot")}</td>
            <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{`${e.quantity > 0 ? "+" : "−"}${number(Math.abs(e.quantity))}`}</td>
            <td className="whitespace-nowrap px-3 py-2 text-right font-semibold tabular-nums">{number(e.balanceAfter)}</td>
            <td className="px-3 py-2">
              {e.reason ? <div>{t(`stock.reason.${e.reason}`)}</div> : null}
              {e.source ? <div>{t("stock.card.source", { source: e.source })}</div> : null}
              {e.documentRef ? <div>{t("stock.card.documentRef", { ref: e.documentRef })}</div> : null}
              {e.peopleServed != null ? <div>{t("stock.card.peopleServed", { people: number(e.peopleServed) })}</div> : null}
              {e.shipmentId ? <div>{t("stock.card.shipment", { id: e.shipmentId })}</div> : null}
              {e.notes ? <div className="text-slate-700">{e.notes}</div> : null}
            </td>
            <td className="px-3 py-2">{e.recordedBy ?? (e.viaApi ? t("stock.card.viaApi") : t("stock.card.system"))}</td>
          </tr>
        ))}
      </DataTable>
      {nextBefore || paged ? (
        <p className="mt-4 flex flex-wrap gap-4">
          {paged ? (
            <Link to={`?${params}`} className="text-brand-700 underline">
              {t("stock.card.newest")}
            </Link>
          ) : null}
          {nextBefore ? (
            <Link to={`?${older}`} className="text-brand-700 underline">
              {t("stock.card.older")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.card.metaTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
