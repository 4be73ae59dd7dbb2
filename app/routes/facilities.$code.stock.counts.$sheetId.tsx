import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { listItemGtins, listItems } from "#db/catalogue.server";
import { ScanField } from "~/components/scan-field";
import { fillCount } from "~/components/scan-fill";
import { getCountSheet } from "#db/stock.server";
import { FormErrors, SubmitButton } from "~/components/form";
import { LotQuantityRow } from "~/components/stock/lot-quantity-row";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCount } from "~/lib/commands/count-sheet.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { countSheetSchema, MAX_COUNT_LINES } from "~/lib/schemas/stockops";
import { redirectWithFlash } from "~/lib/session.server";
import { useHydrated } from "~/lib/use-hydrated";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { TableScroll } from "~/components/ui/data-table";

function sheetIdOf(param: string | undefined): number {
  return idOf(param) ?? notFound();
}

async function loadSheet(facilityId: number, id: number) {
  const db = getDb();
  const sheet = await getCountSheet(db, facilityId, id);
  if (!sheet) notFound();
  const items = new Map((await listItems(db)).map((i) => [i.id, i]));
  return {
    ...sheet,
    lines: sheet.lines.map((l) => {
      const item = items.get(l.itemId);
      return { ...l, itemCode: item?.code ?? "", nameEs: item?.nameEs ?? "", nameEn: item?.nameEn ?? "", unit: item?.unit ?? "" };
    }),
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const sheet = await loadSheet(facility.id, sheetIdOf(params.sheetId));
  return {
    facility: { code: facility.code, name: facility.name },
    sheet,
    editable: sheet.status === "draft" && can(user.role, "stock:record"),
    gtins: await listItemGtins(getDb()),
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      lines: sheet.lines.map((l) => ({ lotId: String(l.lotId), counted: l.counted === null ? "" : String(l.counted) })),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const sheetId = sheetIdOf(params.sheetId);
  const submission = parseWithZod(await readForm(request, { maxRows: MAX_COUNT_LINES }), { schema: countSheetSchema });
  if (submission.status !== "success") {
    await loadSheet(facility.id, sheetId);
    return data(submission.reply(), { status: 400 });
  }
  const value = submission.value;
  const outcome = await recordCount(
    getDb(),
    formActor(user, context),
    { facilityId: facility.id, sheetId, intent: value.intent, lines: value.lines },
    value.idempotencyKey,
  );
  if (outcome.status === "not-found") notFound();
  if (outcome.status === "not-draft") return data(submission.reply({ formErrors: ["countSheet.alreadySubmitted"] }), { status: 409 });
  const here = `/facilities/${facility.code}/stock/counts/${sheetId}`;
  if (outcome.status === "saved") return redirectWithFlash(here, { kind: "success", message: "countSheet.saved", params: { id: sheetId } });
  return redirectWithFlash(here, {
    kind: "success",
    message: outcome.adjustments === null ? "countSheet.submittedOnce" : "countSheet.submitted",
    params: { id: sheetId, adjustments: outcome.adjustments ?? 0 },
  });
}

// With JavaScript, a count the link or the server cannot take is kept on the device (the
// outbox); the figures stay in the form, since a sheet is counted once, not entry after entry.
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

const FORM_ID = "count-sheet";

export default function CountSheet() {
  const { facility, sheet, editable, defaults, gtins } = useLoaderData<typeof loader>();
  const { t, number, day, dateTime, locale } = useI18n();
  const { outbox, form, fields } = useFieldForm({ id: FORM_ID, schema: countSheetSchema, actionData: useActionData<typeof clientAction>(), defaults, kinds: ["count"] });
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { lines?: ({ counted?: string } | undefined)[] };
  const rows = fields.lines.getFieldList();
  const submitted = sheet.status === "submitted";
  const itemName = (l: (typeof sheet.lines)[number]) => `${l.itemCode} · ${locale === "en" ? l.nameEn : l.nameEs}`;
  const signed = (n: number) => (n > 0 ? `+${number(n)}` : number(n));
  const head = (
    <thead className="bg-slate-100">
      <tr>
        <th scope="col" className="px-3 py-2">{t("stockops.item")}</th>
        <th scope="col" className="px-3 py-2">{t("stockops.lotColumn")}</th>
        <th scope="col" className="px-3 py-2">{t("stockops.expiry")}</th>
        <th scope="col" className="px-3 py-2 text-right">{t("countSheet.systemQuantity")}</th>
        <th scope="col" className="px-3 py-2">{t("countSheet.counted")}</th>
        <th scope="col" className="px-3 py-2 text-right">{t("countSheet.difference")}</th>
      </tr>
    </thead>
  );
  return (
    <div className="max-w-5xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock/counts`, label: t("countSheet.backToList") }}
        title={t("countSheet.title", { id: sheet.id, facility: facility.name })}
      />
      <p className="text-slate-700">
        {submitted
          ? t("countSheet.submittedIntro", { when: dateTime(sheet.submittedAt ?? sheet.createdAt) })
          : t("countSheet.draftIntro", { when: dateTime(sheet.createdAt) })}
      </p>
      {sheet.lines.length === 0 ? (
        <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">
          {t("countSheet.empty")}
        </p>
      ) : editable ? (
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4 rounded-lg bg-white p-4 shadow sm:p-6">
          <QueuedNotice outbox={outbox} formId={FORM_ID} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
          <p className="text-sm text-slate-700">{t("countSheet.howTo")}</p>
          <ScanField gtins={gtins} onRead={(scan) => fillCount(document.getElementById(form.id) as HTMLFormElement | null, scan, sheet.lines)} />
          <TableScroll card={false}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t("countSheet.title", { id: sheet.id, facility: facility.name })}</caption>
              {head}
              <tbody>
                {rows.map((row, index) => {
                  const line = sheet.lines[index];
                  if (!line) return null;
                  const field = row.getFieldset();
                  const typed = hydrated ? (current.lines?.[index]?.counted ?? "") : (defaults.lines[index]?.counted ?? "");
                  const difference = typed !== "" && Number.isFinite(Number(typed)) ? Number(typed) - line.balance : null;
                  return (
                    <LotQuantityRow
                      key={row.key}
                      item={itemName(line)}
                      line={line}
                      expected={line.balance}
                      lotIdName={field.lotId.name}
                      quantity={field.counted}
                      label={t("countSheet.countedOf", { item: itemName(line), lot: line.lotNumber || "—" })}
                      min={0}
                      difference={difference}
                      format={signed}
                    />
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          <p className="text-sm text-slate-700">{t("countSheet.submitHint")}</p>
          <div className="flex flex-wrap gap-3">
            <SubmitButton
              intent="save"
              pending={t("common.saving")}
              variant="secondary"
            >
              {t("countSheet.saveDraft")}
            </SubmitButton>
            <SubmitButton intent="submit" pending={t("countSheet.submitting")}>
              {t("countSheet.submit")}
            </SubmitButton>
          </div>
        </Form>
      ) : (
        <TableScroll className="mt-4">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("countSheet.title", { id: sheet.id, facility: facility.name })}</caption>
            {head}
            <tbody>
              {sheet.lines.map((line) => {
                const system = submitted ? line.systemQuantity : line.balance;
                const difference = line.counted !== null && system !== null ? line.counted - system : null;
                return (
                  <tr key={line.lotId} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 font-medium">{itemName(line)}</th>
                    <td className="px-3 py-2">{line.lotNumber || "—"}</td>
                    <td className="px-3 py-2">{line.expiry ? day(line.expiry) : "—"}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {system === null ? "—" : `${number(system)} ${line.unit}`}
                    </td>
                    <td className="px-3 py-2 tabular-nums">{line.counted === null ? t("countSheet.notCounted") : number(line.counted)}</td>
                    <td className={`px-3 py-2 text-right tabular-nums ${difference ? "font-semibold text-red-800" : ""}`}>
                      {difference === null ? "—" : signed(difference)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "countSheet.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
