import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { listItems } from "#db/catalogue.server";
import { getShipmentTo } from "#db/shipments.server";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { LotQuantityRow } from "~/components/stock/lot-quantity-row";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { receiveShipment } from "~/lib/commands/shipments.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { MAX_RECEIVE_LINES, shipmentReceiveSchema } from "~/lib/schemas/stockops";
import { redirectWithFlash } from "~/lib/session.server";
import { zonedDateTimeLocal } from "~/lib/time";
import { useHydrated } from "~/lib/use-hydrated";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { DataTable } from "~/components/ui/data-table";
import { useSchemaForm } from "~/lib/use-schema-form";


function shipmentId(param: string | undefined): number {
  return idOf(param) ?? notFound();
}

/** The shipment, only for the facility it was sent to (404 for any other). */
async function loadShipment(facilityId: number, id: number) {
  const db = getDb();
  const shipment = await getShipmentTo(db, facilityId, id);
  if (!shipment) notFound();
  const items = new Map((await listItems(db)).map((i) => [i.id, i]));
  return {
    ...shipment,
    lines: shipment.lines.map((l) => {
      const item = items.get(l.itemId);
      return { ...l, itemCode: item?.code ?? "", nameEs: item?.nameEs ?? "", nameEn: item?.nameEn ?? "", unit: item?.unit ?? "" };
    }),
  };
}

const sentByLot = (lines: { lotId: number; quantitySent: number }[]) =>
  Object.fromEntries(lines.map((l) => [String(l.lotId), l.quantitySent]));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:record");
  const shipment = await loadShipment(facility.id, shipmentId(params.id));
  const timeZone = env().ALBERGUE_TIME_ZONE;
  return {
    facility: { code: facility.code, name: facility.name },
    shipment,
    timeZone,
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      occurredAt: zonedDateTimeLocal(new Date(), timeZone),
      lines: shipment.lines.map((l) => ({ lotId: String(l.lotId), received: String(l.quantitySent) })),
      notes: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const id = shipmentId(params.id);
  const shipment = await loadShipment(facility.id, id);
  const schema = shipmentReceiveSchema({ timeZone: env().ALBERGUE_TIME_ZONE, sent: sentByLot(shipment.lines) });
  const submission = parseWithZod(await readForm(request, { maxRows: MAX_RECEIVE_LINES }), { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const outcome = await receiveShipment(
    getDb(),
    formActor(user, context),
    { facilityId: facility.id, shipmentId: id, occurredAt: value.occurredAt, lines: value.lines, notes: value.notes },
    value.idempotencyKey,
  );
  if (outcome.status === "not-found") notFound();
  if (outcome.status === "refused") return data(submission.reply(outcome.formErrors.length ? { formErrors: outcome.formErrors } : { fieldErrors: outcome.fieldErrors }), { status: 409 });
  const { missing } = outcome;
  return redirectWithFlash(`/facilities/${facility.code}/stock/shipments`, {
    kind: missing > 0 ? "info" : "success",
    message: missing > 0 ? "shipment.receivedMissing" : "shipment.received",
    params: { id, missing },
  });
}

export default function ReceiveShipment() {
  const { facility, shipment, defaults, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, number, locale, relative, dateTime } = useI18n();
  const schema = shipmentReceiveSchema({ timeZone, sent: sentByLot(shipment.lines) });
  const [form, fields] = useSchemaForm({ schema, lastResult, defaults });
  // The discrepancy follows what is typed once the page is interactive; before, it is that of the defaults.
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { lines?: ({ received?: string } | undefined)[] };
  const rows = fields.lines.getFieldList();
  const itemName = (l: (typeof shipment.lines)[number]) => `${l.itemCode} · ${locale === "en" ? l.nameEn : l.nameEs}`;
  const received = shipment.status !== "in_transit";
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock/shipments`, label: t("shipment.backToList") }}
        title={t("shipment.receiveTitle", { id: shipment.id })}
      />
      <p className="text-slate-700">
        {t("shipment.receiveIntro", { from: `${shipment.fromName} (${shipment.fromCode})`, when: relative(shipment.sentAt) })}
      </p>
      {received ? (
        <>
          <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">
            {t("shipment.receivedOn", { when: dateTime(shipment.receivedAt ?? shipment.sentAt) })}
          </p>
          <DataTable
            className="mt-4"
            caption={t("shipment.lines")}
            columns={[
              { label: t("stockops.item") },
              { label: t("stockops.lotColumn") },
              { label: t("shipment.sentQuantity"), numeric: true },
              { label: t("shipment.receivedQuantity"), numeric: true },
              { label: t("shipment.missing"), numeric: true },
            ]}
          >
            {shipment.lines.map((l) => (
              <tr key={l.lotId} className="border-t border-slate-200">
                <td className="px-3 py-2">{itemName(l)}</td>
                <td className="px-3 py-2">{l.lotNumber || "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(l.quantitySent)} {l.unit}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(l.quantityReceived ?? 0)} {l.unit}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(l.quantitySent - (l.quantityReceived ?? 0))}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name={fields.idempotencyKey.name} value={defaults.idempotencyKey} />
          <TextField meta={fields.occurredAt} label={t("shipment.receivedAt")} hint={t("movement.occurredAtHint")} type="datetime-local" className="max-w-xs" />
          <DataTable
            card={false}
            caption={t("shipment.receiveLines")}
            captionClassName="text-left text-lg font-semibold"
            columns={[
              { label: t("stockops.item") },
              { label: t("stockops.lotColumn") },
              { label: t("stockops.expiry") },
              { label: t("shipment.sentQuantity"), numeric: true },
              { label: t("shipment.receivedQuantity") },
              { label: t("shipment.missing"), numeric: true },
            ]}
          >
            {rows.map((row, index) => {
              const line = shipment.lines[index];
              if (!line) return null;
              const field = row.getFieldset();
              const typed = Number(current.lines?.[index]?.received ?? line.quantitySent);
              const missing = Number.isFinite(typed) ? line.quantitySent - typed : null;
              return (
                <LotQuantityRow
                  key={row.key}
                  item={itemName(line)}
                  line={line}
                  expected={line.quantitySent}
                  lotIdName={field.lotId.name}
                  quantity={field.received}
                  label={t("shipment.receivedOf", { item: itemName(line), lot: line.lotNumber || "—" })}
                  difference={missing}
                  format={number}
                  live
                />
              );
            })}
          </DataTable>
          <p className="text-sm text-slate-700">{t("shipment.discrepancyHint")}</p>
          <TextAreaField meta={fields.notes} label={t("movement.notes")} />
          <SubmitButton pending={t("shipment.receiving")}>{t("shipment.receive")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches, data }) =>
  pageTitle(matches, "shipment.receiveTitle", { id: (data as { shipment?: { id: number } } | undefined)?.shipment?.id ?? "" });

export { ErrorBoundary } from "~/components/route-error-boundary";
