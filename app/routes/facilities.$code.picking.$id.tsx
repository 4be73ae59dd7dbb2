import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getRequestToSupply } from "#db/requests.server";
import { listFacilityLots } from "#db/stock.server";
import { confirmPickAction, startPickAction, type RequestActionArgs } from "~/components/requests/request-actions.server";
import { StatusBadge } from "~/components/requests/request-parts";
import { FormErrors, SubmitButton } from "~/components/form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { getDb } from "~/lib/db.server";
import { pickable, planPick, startsFrom } from "~/lib/domain/requests";
import { readForm } from "~/lib/form-data.server";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { idOf } from "~/lib/schemas/common";
import { confirmPickSchema, MAX_PICK_LINES } from "~/lib/schemas/requests";
import { dayOf } from "~/lib/time.server";
import { useHydrated } from "~/lib/use-hydrated";

const requestIdOf = (param: string | undefined) => idOf(param) ?? notFound();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "request:pick");
  const db = getDb();
  const found = await getRequestToSupply(db, facility.id, requestIdOf(params.id));
  if (!found) notFound();
  const today = dayOf(new Date());
  const held = await listFacilityLots(db, facility.id);
  const asked = new Set(found.lines.map((l) => l.itemId));
  // Every usable lot of the items asked, earliest expiry first; the plan fills the quantities.
  const lots = held.filter((l) => asked.has(l.itemId) && pickable(l, today));
  const plan = planPick(found.lines.map((l) => ({ itemId: l.itemId, quantity: l.approved ?? 0 })), lots, today);
  const items = found.lines.map((l) => {
    const planned = plan.find((p) => p.itemId === l.itemId)!;
    const order = new Map(planned.picks.map((p, i) => [p.lotId, i]));
    return {
      itemId: l.itemId,
      itemCode: l.itemCode,
      name: { es: l.nameEs, en: l.nameEn },
      unit: l.unit,
      approved: l.approved ?? 0,
      short: planned.short,
      lots: lots
        .filter((lot) => lot.itemId === l.itemId)
        .sort((a, b) => (order.get(a.lotId) ?? 1e9) - (order.get(b.lotId) ?? 1e9) || (a.expiry ?? "9999").localeCompare(b.expiry ?? "9999"))
        .map((lot) => ({ lotId: lot.lotId, lotNumber: lot.lotNumber, expiry: lot.expiry, onHand: lot.quantity, take: planned.picks.find((p) => p.lotId === lot.lotId)?.quantity ?? 0 })),
    };
  });
  return {
    facility: { code: facility.code, name: facility.name },
    request: { id: found.id, status: found.status, emergency: found.emergency, neededBy: found.neededBy, facilityCode: found.facilityCode, facilityName: found.facilityName },
    items,
    canShip: startsFrom("ship").includes(found.status),
    keys: { start: crypto.randomUUID(), confirm: crypto.randomUUID() },
  };
}

const intents = ["start", "confirm"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "request:pick");
  const db = getDb();
  const requestId = requestIdOf(params.id);
  if (!(await getRequestToSupply(db, facility.id, requestId))) notFound();
  const formData = await readForm(request, { maxRows: MAX_PICK_LINES });
  const args: RequestActionArgs = { formData, db, actor: formActor(user, context), facility: { id: facility.id, code: facility.code }, requestId, today: dayOf(new Date()) };
  switch (readIntent(formData, intents)) {
    case "start":
      return startPickAction(args);
    case "confirm":
      return confirmPickAction(args);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function PickForm({ items, idempotencyKey }: { items: Data["items"]; idempotencyKey: string }) {
  const { t, tMaybe, number, day, locale } = useI18n();
  const actionData = useActionData<typeof action>();
  const rows = items.flatMap((item) => item.lots.map((lot) => ({ item, lot })));
  const [form, fields] = useForm({
    id: "confirm-pick",
    lastResult: resultFor(actionData, "confirm"),
    defaultValue: { lines: rows.map((r) => ({ lotId: String(r.lot.lotId), quantity: String(r.lot.take) })), notes: "" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: confirmPickSchema }),
  });
  const lines = fields.lines.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {items.map((item) => (
        <section key={item.itemId} className="rounded bg-white p-3 shadow print:shadow-none" data-item={item.itemCode} aria-labelledby={`item-${item.itemId}`}>
          <h2 id={`item-${item.itemId}`} className="font-semibold">
            {item.itemCode} · {locale === "en" ? item.name.en : item.name.es}: {t("pick.toPick", { quantity: item.approved, unit: item.unit })}
          </h2>
          {item.short > 0 ? <p className="text-sm font-semibold text-red-800" data-testid="pick-short">{t("pick.short", { quantity: item.short, unit: item.unit })}</p> : null}
          {item.lots.length === 0 ? <p className="text-sm">{t("pick.noLots")}</p> : null}
          <ol className="mt-2 space-y-2">
            {item.lots.map((lot) => {
              const index = rows.findIndex((r) => r.lot.lotId === lot.lotId);
              const line = lines[index]!.getFieldset();
              const quantity = getInputProps(line.quantity, { type: "number" });
              const lotId = getInputProps(line.lotId, { type: "hidden" });
              return (
                <li key={lot.lotId} className="grid items-end gap-2 border-t border-slate-200 pt-2 sm:grid-cols-[1fr_9rem]">
                  <input {...lotId} key={lotId.key} />
                  <label htmlFor={line.quantity.id} className="text-sm">
                    {t("pick.lot", { lot: lot.lotNumber || "—", expiry: lot.expiry ? day(lot.expiry) : "—", onHand: number(lot.onHand) })}
                  </label>
                  <div>
                    <input {...quantity} key={quantity.key} inputMode="numeric" className="w-full rounded border border-slate-400 px-3 py-2" />
                    {line.quantity.errors?.length ? <p id={line.quantity.errorId} className="text-sm text-red-800">{line.quantity.errors.map(tMaybe).join(" ")}</p> : null}
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <div className="print:hidden">
        <SubmitButton intent="confirm" pending={t("pick.confirming")}>{t("pick.confirm")}</SubmitButton>
      </div>
    </Form>
  );
}

export default function PickList() {
  const { facility, request: r, items, canShip, keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, day } = useI18n();
  const hydrated = useHydrated();
  const [startForm] = useForm({ id: "start-pick", lastResult: resultFor(actionData, "start") });
  return (
    <div className="max-w-3xl">
      <p className="text-sm print:hidden">
        <Link to={`/facilities/${facility.code}/picking`} className="text-brand-700 underline">{t("pick.backToList")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {t("pick.title", { id: r.id })} <StatusBadge status={r.status} />
      </h1>
      <p className="text-slate-700">
        {t("pick.for", { facility: `${r.facilityName} (${r.facilityCode})`, date: day(r.neededBy) })}
        {r.emergency ? <span className="ml-2 font-semibold text-red-800">{t("request.emergency")}</span> : null}
      </p>
      <p className="text-sm text-slate-700">{t("pick.fefoHint")}</p>
      {hydrated ? (
        <button type="button" onClick={() => window.print()} className="mt-2 rounded border border-slate-400 px-3 py-2 text-sm print:hidden">
          {t("pick.print")}
        </button>
      ) : null}
      {r.status === "approved" ? (
        <Form method="post" {...getFormProps(startForm)} className="mt-3 print:hidden">
          <FormErrors id={startForm.errorId} errors={startForm.errors} />
          <input type="hidden" name="idempotencyKey" value={keys.start} />
          <SubmitButton intent="start" pending={t("pick.confirming")} className="min-h-11 rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-slate-100">
            {t("pick.start")}
          </SubmitButton>
        </Form>
      ) : null}
      {canShip ? <PickForm items={items} idempotencyKey={keys.confirm} /> : <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">{t("pick.notToPick")}</p>}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pick.titleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
