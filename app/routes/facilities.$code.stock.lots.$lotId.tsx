import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listItems } from "#db/catalogue.server";
import { getLotLabel, listLotConditionHistory } from "#db/stock.server";
import { CheckboxField, FormErrors, SubmitButton, TextField } from "~/components/form";
import { LotConditionHistory } from "~/components/lot-condition-history";
import { notFound, requireFacility } from "~/lib/auth.server";
import { adjustStock } from "~/lib/commands/adjust-stock.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordLotCondition } from "~/lib/commands/record-lot-condition.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { messageWithParams, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { lotConditionSchema, lotWriteOffSchema } from "~/lib/schemas/stock";
import { redirectWithFlash } from "~/lib/session.server";
import { facilityStock } from "~/lib/stock.server";
import { zonedDay } from "~/lib/time";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";
import { SelectField } from "~/components/ui/select-field";
import { PageHeader } from "~/components/ui/page-header";

/** The lot as the facility holds it, with the state every stock figure uses (from facilityStock). */
async function lotAtFacility(facilityId: number, lotId: number, today: string) {
  if (!Number.isInteger(lotId) || lotId <= 0) return undefined;
  const db = getDb();
  const stock = await facilityStock(db, facilityId, today);
  for (const item of stock) {
    const held = item.lots.find((l) => l.lotId === lotId);
    if (!held) continue;
    const lot = await getLotLabel(db, lotId);
    const catalogue = (await listItems(db)).find((i) => i.id === item.itemId);
    return {
      item: { id: item.itemId, code: item.code, nameEs: item.nameEs, nameEn: item.nameEn, unit: item.unit, category: item.category, coldChain: catalogue?.coldChain ?? false },
      lot: { ...held, manufacturer: lot?.manufacturer ?? "", gtin: lot?.gtin ?? null },
    };
  }
  return undefined;
}

/** The write-off reason for a lot that cannot be used: expired stock, or spoiled vaccine. */
function writeOffReason(state: string) {
  return state === "expired" ? ("expired" as const) : ("vvm_discard" as const);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const today = zonedDay(new Date(), env().ALBERGUE_TIME_ZONE);
  const found = await lotAtFacility(facility.id, idOf(params.lotId) ?? notFound(), today);
  if (!found) notFound();
  const history = await listLotConditionHistory(getDb(), facility.id, found.lot.lotId);
  return {
    facility: { code: facility.code, name: facility.name },
    history: history.map((h) => ({ ...h, recordedAt: h.recordedAt.toISOString() })),
    today,
    canRecord: can(user.role, "stock:record") && user.facilityIds.includes(facility.id),
    ...found,
    writeOffReason: writeOffReason(found.lot.state),
    writeOffKey: crypto.randomUUID(),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const today = zonedDay(new Date(), env().ALBERGUE_TIME_ZONE);
  const found = await lotAtFacility(facility.id, idOf(params.lotId) ?? notFound(), today);
  if (!found) notFound();
  const { lot } = found;
  const formData = await readForm(request);
  const back = `/facilities/${facility.code}/stock/lots/${lot.lotId}`;

  if (formData.get("intent") === "writeoff") {
    const submission = parseWithZod(formData, { schema: lotWriteOffSchema });
    if (submission.status !== "success") return data({ intent: "writeoff" as const, error: "validation.formInvalid" }, { status: 400 });
    if (lot.state === "usable") return data({ intent: "writeoff" as const, error: "stock.writeOffOnlyUnusable" }, { status: 400 });
    const { quantity, idempotencyKey } = submission.value;
    // The page showed a quantity; if the balance moved since, the command says so rather than write off a different amount.
    const outcome = await adjustStock(
      getDb(),
      formActor(user, context),
      { facilityId: facility.id, occurredAt: new Date(), lotId: lot.lotId, delta: -quantity, reason: writeOffReason(lot.state), notes: "", writeOffOf: lot.quantity },
      idempotencyKey,
    );
    if (outcome.status === "refused") {
      return data({ intent: "writeoff" as const, error: messageWithParams("stock.balanceChanged", { available: outcome.available }) }, { status: 409 });
    }
    if (outcome.status !== "created" && outcome.status !== "duplicate") throw new Error(`unexpected outcome ${outcome.status}`);
    return redirectWithFlash(back, { kind: "success", message: "stock.writtenOff", params: { quantity } });
  }

  const submission = parseWithZod(formData, { schema: lotConditionSchema });
  if (submission.status !== "success") return data({ intent: "condition" as const, reply: submission.reply() }, { status: 400 });
  const value = submission.value;
  const result = await recordLotCondition(getDb(), formActor(user, context), {
    facilityId: facility.id,
    lotId: lot.lotId,
    vvmStage: value.vvmStage ?? null,
    excursion: value.excursion,
    note: value.note,
  });
  if (result.status === "invalid") return data({ intent: "condition" as const, reply: submission.reply({ fieldErrors: result.fieldErrors }) }, { status: 400 });
  if (result.status === "not-found") notFound();
  return redirectWithFlash(back, {
    kind: result.quarantined ? "error" : "success",
    message: result.quarantined ? "stock.lotQuarantined" : "stock.lotConditionSaved",
    params: { lot: lot.lotNumber },
  });
}

/** A quarantine reason as stored by this page (`vvm3`, `excursion`, with an optional note), or as given. */
function useQuarantineReason() {
  const { t } = useI18n();
  return (reason: string) => {
    const match = /^(vvm3|vvm4|excursion)(?::\s*(.*))?$/s.exec(reason);
    if (!match) return reason;
    const label = match[1] === "excursion" ? t("stock.quarantine.excursion") : t("stock.quarantine.vvm", { n: Number(match[1]!.slice(3)) });
    return match[2] ? `${label}: ${match[2]}` : label;
  };
}

export default function LotPage() {
  const { facility, item, lot, canRecord, writeOffReason: reason, writeOffKey, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, tMaybe, locale, number, day } = useI18n();
  const reasonText = useQuarantineReason();
  const [form, fields] = useForm({
    id: "lot-condition",
    lastResult: actionData?.intent === "condition" ? actionData.reply : undefined,
    constraint: getZodConstraint(lotConditionSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: lotConditionSchema }),
  });
  const unit = tMaybe(`stock.unit.${item.unit}`);
  const itemName = locale === "en" ? item.nameEn : item.nameEs;
  const usable = lot.state === "usable";
  const writeOffError = actionData?.intent === "writeoff" ? actionData.error : undefined;
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock`, label: t("stock.backToStock", { facility: facility.name }) }}
        title={t("stock.lotPage.title", { lot: lot.lotNumber || t("stock.noLot"), item: itemName })}
      />
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 rounded-lg bg-white p-4 shadow sm:grid-cols-2">
        <div>
          <dt className="text-sm text-slate-700">{t("stock.lotPage.onHand")}</dt>
          <dd className="text-xl font-bold tabular-nums">{`${number(lot.quantity)} ${unit}`}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("stock.lotPage.state")}</dt>
          <dd className={`font-semibold ${usable ? "" : "text-red-800"}`} data-testid="lot-state">
            {usable ? t("stock.state.usable") : `⚠ ${t(`stock.state.${lot.state}`)}`}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("stock.expiry")}</dt>
          <dd>{lot.expiry ? day(lot.expiry) : t("stock.noExpiry")}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("stock.vvmStage")}</dt>
          <dd>{lot.vvmStage ? t("stock.vvmStageN", { n: lot.vvmStage }) : t("common.notSet")}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("stock.manufacturer")}</dt>
          <dd>{lot.manufacturer || t("common.notSet")}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("stock.gtinShort")}</dt>
          <dd className="font-mono">{lot.gtin ?? t("common.notSet")}</dd>
        </div>
        {lot.quarantined ? (
          <div className="sm:col-span-2">
            <dt className="text-sm text-slate-700">{t("stock.lotPage.quarantineReason")}</dt>
            <dd>{reasonText(lot.quarantineReason) || t("common.notSet")}</dd>
          </div>
        ) : null}
      </dl>
      <p className="mt-3">
        <Link to={`/facilities/${facility.code}/stock/${item.code}?lot=${lot.lotId}`} className="text-brand-700 underline">
          {t("stock.lotPage.card")}
        </Link>
      </p>

      {canRecord && !usable && lot.quantity > 0 ? (
        <section aria-labelledby="write-off" className="mt-6 rounded-lg border-l-4 border-red-700 bg-red-50 p-4">
          <h2 id="write-off" className="text-lg font-semibold">
            {t("stock.lotPage.writeOffTitle")}
          </h2>
          <p className="mt-1">{t(`stock.lotPage.writeOffOffer.${reason}`, { quantity: number(lot.quantity), unit })}</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="idempotencyKey" value={writeOffKey} />
            <input type="hidden" name="quantity" value={lot.quantity} />
            {writeOffError ? (
              <p role="alert" className="mb-2 text-red-900">
                {tMaybe(writeOffError)}
              </p>
            ) : null}
            <SubmitButton
              intent="writeoff"
              pending={t("stock.saving")}
              className="rounded bg-red-800 px-4 py-2 font-semibold text-white hover:bg-red-900 disabled:cursor-wait disabled:opacity-70"
            >
              {t("stock.lotPage.writeOff", { quantity: number(lot.quantity), unit })}
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      {canRecord ? (
        <section aria-labelledby="condition" className="mt-6 rounded-lg bg-white p-4 shadow sm:p-6">
          <h2 id="condition" className="text-lg font-semibold">
            {t("stock.lotPage.conditionTitle")}
          </h2>
          <p className="text-sm text-slate-700">{t("stock.lotPage.conditionIntro")}</p>
          <Form method="post" {...getFormProps(form)} className="mt-3 space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            {item.category === "vaccine" ? (
              <SelectField
                meta={fields.vvmStage}
                label={t("stock.lotPage.vvmReading")}
                placeholder={t("stock.lotPage.vvmUnchanged")}
                options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t("stock.vvmStageN", { n }) }))}
                hint={t("stock.lotPage.vvmHint")}
                selectClassName="w-full max-w-xs"
              />
            ) : null}
            <CheckboxField meta={fields.excursion} label={t("stock.lotPage.excursion")} />
            <TextField meta={fields.note} label={t("stock.lotPage.note")} autoComplete="off" />
            <SubmitButton intent="condition" pending={t("stock.saving")}>
              {t("stock.lotPage.saveCondition")}
            </SubmitButton>
          </Form>
          {!usable || lot.quantity === 0 ? null : (
            <p className="mt-4 text-sm">
              <Link to={`/facilities/${facility.code}/stock/adjustments/new?lot=${lot.lotId}`} className="text-brand-700 underline">
                {t("stock.lotPage.otherAdjustment")}
              </Link>
            </p>
          )}
        </section>
      ) : null}
      <LotConditionHistory rows={history} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.lotPage.metaTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
