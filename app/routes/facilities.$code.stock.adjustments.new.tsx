import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { adjustStock } from "~/lib/commands/adjust-stock.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { adjustmentReasons, adjustmentSchema } from "~/lib/schemas/stock";
import { redirectWithFlash } from "~/lib/session.server";
import { facilityStock } from "~/lib/stock.server";
import { zonedDateTimeLocal, zonedDay } from "~/lib/time";
import { useHydrated } from "~/lib/use-hydrated";
import { readForm } from "~/lib/form-data.server";
import { repeatConfirmed, twinQuestion } from "~/lib/twin-question.server";
import { PageHeader } from "~/components/ui/page-header";
import { useSchemaForm } from "~/lib/use-schema-form";


async function heldLots(facilityId: number, today: string) {
  const stock = await facilityStock(getDb(), facilityId, today);
  return stock.flatMap((s) =>
    s.lots.map((l) => ({
      lotId: l.lotId,
      lotNumber: l.lotNumber,
      expiry: l.expiry,
      quantity: l.quantity,
      state: l.state,
      itemId: s.itemId,
      itemCode: s.code,
      nameEs: s.nameEs,
      nameEn: s.nameEn,
      unit: s.unit,
    })),
  );
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:record");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const now = new Date();
  const lots = await heldLots(facility.id, zonedDay(now, timeZone));
  const url = new URL(request.url);
  const presetLot = Number(url.searchParams.get("lot")) || 0;
  const presetReason = url.searchParams.get("reason") ?? "";
  return {
    facility: { code: facility.code, name: facility.name },
    timeZone,
    lots,
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      occurredAt: zonedDateTimeLocal(now, timeZone),
      lotId: lots.some((l) => l.lotId === presetLot) ? String(presetLot) : "",
      quantity: "",
      reason: (adjustmentReasons as readonly string[]).includes(presetReason) ? presetReason : "",
      notes: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: adjustmentSchema({ timeZone: env().ALBERGUE_TIME_ZONE }) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const outcome = await adjustStock(
    getDb(),
    formActor(user, context),
    { facilityId: facility.id, occurredAt: value.occurredAt, lotId: value.lotId, delta: value.quantity, reason: value.reason, notes: value.notes },
    value.idempotencyKey,
    { questions: { confirmRepeat: repeatConfirmed(formData) } },
  );
  if (outcome.status === "twin") {
    // Back and resubmit without JavaScript: the same adjustment under a new key (decision 016).
    const held = outcome.lot;
    const question = await twinQuestion(request, user, "stock.adjust.repeatSuspected", outcome.recordedAt, ({ t, tMaybe, locale }) => {
      const described = { quantity: value.quantity, unit: tMaybe(`stock.unit.${held.unit}`), item: locale === "en" ? held.nameEn : held.nameEs, lot: held.lotNumber };
      return {
        what: held.lotNumber ? t("stock.twin.line", described) : t("stock.twin.lineNoLot", described),
        reason: t(`stock.reason.${value.reason}`),
      };
    });
    return data(submission.reply({ formErrors: [question] }), { status: 409 });
  }
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  const held = outcome.lot;
  return redirectWithFlash(`/facilities/${facility.code}/stock/${held.itemCode}?lot=${held.lotId}`, {
    kind: "success",
    message: "stock.adjusted",
    params: { quantity: value.quantity, lot: held.lotNumber || held.itemCode },
  });
}

export default function AdjustStock() {
  const { facility, defaults, timeZone, lots } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, tMaybe, locale, number, day } = useI18n();
  const schema = adjustmentSchema({ timeZone });
  const [form, fields] = useSchemaForm({ schema, lastResult, defaults });
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { lotId?: string; quantity?: string };
  const chosen = lots.find((l) => String(l.lotId) === current.lotId);
  const delta = Number(current.quantity);
  const unit = (u: string) => tMaybe(`stock.unit.${u}`);
  const lotLabel = (l: (typeof lots)[number]) =>
    [
      `${locale === "en" ? l.nameEn : l.nameEs} (${l.itemCode})`,
      l.lotNumber ? t("stock.lotN", { lot: l.lotNumber }) : t("stock.noLot"),
      l.expiry ? t("stock.expiresOn", { date: day(l.expiry) }) : null,
      `${number(l.quantity)} ${unit(l.unit)}`,
      l.state !== "usable" ? t(`stock.state.${l.state}`) : null,
    ]
      .filter(Boolean)
      .join(" · ");
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock`, label: t("stock.backToStock", { facility: facility.name }) }}
        title={t("stock.adjust.title")}
        intro={t("stock.adjust.intro")}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.idempotencyKey} />
        <TextField meta={fields.occurredAt} label={t("stock.occurredAt")} type="datetime-local" className="max-w-xs" />
        <SelectField
          meta={fields.lotId}
          label={t("stock.lot")}
          options={[{ value: "", label: t("stock.chooseLot") }, ...lots.map((l) => ({ value: String(l.lotId), label: lotLabel(l) }))]}
        />
        <SelectField
          meta={fields.reason}
          label={t("stock.adjust.reason")}
          options={[{ value: "", label: t("stock.adjust.chooseReason") }, ...adjustmentReasons.map((r) => ({ value: r, label: t(`stock.reason.${r}`) }))]}
        />
        <TextField meta={fields.quantity} label={t("stock.adjust.quantity")} hint={t("stock.adjust.quantityHint")} type="number" inputMode="numeric" className="max-w-xs" />
        {chosen && Number.isInteger(delta) && delta !== 0 ? (
          <p className="font-medium" aria-live="polite">
            {t("stock.adjust.preview", { before: number(chosen.quantity), after: number(chosen.quantity + delta), unit: unit(chosen.unit) })}
          </p>
        ) : null}
        <TextAreaField meta={fields.notes} label={t("stock.notes")} />
        <RepeatConfirm errors={form.errors} />
        <SubmitButton pending={t("stock.saving")}>{t("stock.adjust.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.adjust.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
