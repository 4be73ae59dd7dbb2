import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listItems } from "#db/catalogue.server";
import { lotsByIds } from "#db/shipments.server";
import { listFacilityOptions } from "#db/facilities.server";
import { listShipmentsInTransit } from "#db/stock.server";
import { requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { DataTable } from "~/components/ui/data-table";
import { PageHeader } from "~/components/ui/page-header";
import { ButtonLink } from "~/components/ui/button";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const db = getDb();
  const rows = await listShipmentsInTransit(db, facility.id);
  const [catalogue, options, lotInfo] = await Promise.all([listItems(db), listFacilityOptions(db), lotsByIds(db, rows.map((r) => r.lotId))]);
  const items = new Map(catalogue.map((i) => [i.id, i]));
  const places = new Map(options.map((f) => [f.id, f]));
  const shipments = new Map<
    number,
    {
      id: number;
      sentAt: Date;
      incoming: boolean;
      otherCode: string;
      otherName: string;
      lines: { lotId: number; itemCode: string; nameEs: string; nameEn: string; unit: string; lotNumber: string; quantity: number }[];
    }
  >();
  for (const row of rows) {
    const incoming = row.toFacilityId === facility.id;
    const other = places.get(incoming ? row.fromFacilityId : row.toFacilityId);
    const shipment = shipments.get(row.id) ?? {
      id: row.id,
      sentAt: row.sentAt,
      incoming,
      otherCode: other?.code ?? "",
      otherName: other?.name ?? "",
      lines: [],
    };
    const item = items.get(row.itemId);
    shipment.lines.push({
      lotId: row.lotId,
      itemCode: item?.code ?? "",
      nameEs: item?.nameEs ?? "",
      nameEn: item?.nameEn ?? "",
      unit: item?.unit ?? "",
      lotNumber: lotInfo.get(row.lotId)?.lotNumber ?? "",
      quantity: row.quantitySent,
    });
    shipments.set(row.id, shipment);
  }
  const all = [...shipments.values()];
  return {
    facility: { code: facility.code, name: facility.name },
    canRecord: can(user.role, "stock:record"),
    incoming: all.filter((s) => s.incoming),
    outgoing: all.filter((s) => !s.incoming),
  };
}

type Shipment = ReturnType<typeof useLoaderData<typeof loader>>["incoming"][number];

function ShipmentTable({ caption, shipments, direction, receiveFrom }: { caption: string; shipments: Shipment[]; direction: "from" | "to"; receiveFrom?: string }) {
  const { t, number, dateTime, relative, locale } = useI18n();
  if (shipments.length === 0) return <p className="mt-2 text-slate-700">{t("shipment.none")}</p>;
  return (
    <DataTable
      className="mt-2"
      caption={caption}
      columns={[
        { label: t("shipment.number") },
        { label: direction === "from" ? t("shipment.from") : t("shipment.to") },
        { label: t("shipment.sentAt") },
        { label: t("shipment.lines") },
        Boolean(receiveFrom) && { label: t("common.actions") },
      ]}
    >
      {shipments.map((s) => (
        <tr key={s.id} className="border-t border-slate-200 align-top">
          <th scope="row" className="px-3 py-2 font-medium">#{s.id}</th>
          <td className="px-3 py-2">
            {s.otherName} ({s.otherCode})
          </td>
          <td className="whitespace-nowrap px-3 py-2">
            {dateTime(s.sentAt)}
            <span className="block text-xs text-slate-700">{relative(s.sentAt)}</span>
          </td>
          <td className="px-3 py-2">
            <ul>
              {s.lines.map((l) => (
                <li key={l.lotId}>
                  {l.itemCode} · {locale === "en" ? l.nameEn : l.nameEs}
                  {l.lotNumber ? ` · ${t("stockops.lot", { lot: l.lotNumber })}` : ""}: <span className="tabular-nums">{number(l.quantity)}</span> {l.unit}
                </li>
              ))}
            </ul>
          </td>
          {receiveFrom ? (
            <td className="px-3 py-2">
              <Link to={`${receiveFrom}/${s.id}/receive`} className="font-medium text-brand-700 underline">
                {t("shipment.receiveLink", { id: s.id })}
              </Link>
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}

export default function Shipments() {
  const { facility, canRecord, incoming, outgoing } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const base = `/facilities/${facility.code}/stock/shipments`;
  return (
    <div>
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock`, label: t("stockops.backToStock", { place: facility.name }) }}
        title={t("shipment.listTitle", { facility: facility.name })}
        actions={canRecord ? <ButtonLink to={`${base}/new`}>{t("shipment.newTitle")}</ButtonLink> : null}
      />
      <p className="mt-1 max-w-3xl text-slate-700">{t("shipment.listIntro")}</p>
      <section aria-labelledby="incoming" className="mt-6">
        <h2 id="incoming" className="text-lg font-semibold">{t("shipment.incoming")}</h2>
        <ShipmentTable caption={t("shipment.incoming")} shipments={incoming} direction="from" receiveFrom={canRecord ? base : undefined} />
      </section>
      <section aria-labelledby="outgoing" className="mt-6">
        <h2 id="outgoing" className="text-lg font-semibold">{t("shipment.outgoing")}</h2>
        <ShipmentTable caption={t("shipment.outgoing")} shipments={outgoing} direction="to" />
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "shipment.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
