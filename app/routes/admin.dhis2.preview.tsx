import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDhis2Settings, listMappings } from "#db/dhis2.server";
import { FormErrors } from "~/components/form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { pushPeriod } from "~/lib/commands/dhis2.server";
import { getDb } from "~/lib/db.server";
import { indicatorKey, lastCompletePeriod } from "~/lib/domain/dhis2";
import { dhis2Connection, plannedSets } from "~/lib/dhis2.server";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { intentReply } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { queryDay } from "~/lib/schemas/common";
import { pushSchema } from "~/lib/schemas/dhis2";
import { readForm } from "~/lib/form-data.server";
import { redirectWithFlash } from "~/lib/session.server";
import { addDays } from "~/lib/time";
import { dayOf } from "~/lib/time.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "exchange:manage");
  const query = z.object({ day: queryDay }).safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw data({ reason: "bad-query" }, { status: 400 });
  const db = getDb();
  const [settings, mappings] = await Promise.all([getDhis2Settings(db), listMappings(db)]);
  // By default the last period that has ended: the one a scheduled push would send next.
  const day = query.data.day ?? lastCompletePeriod(settings.periodType, dayOf(new Date())).start;
  const planned = await plannedSets(db, day);
  const connection = dhis2Connection();
  return {
    period: planned.period,
    dataSet: planned.dataSet,
    sets: planned.sets.map(({ facilityCode, facilityName, payload }) => ({ facilityCode, facilityName, payload })),
    // Which indicator each data value comes from, in the payload's order.
    sources: mappings.map((m) => ({ key: indicatorKey(m.indicator, m.detail), indicator: m.indicator, detail: m.detail })),
    configured: !("missing" in connection),
    idempotencyKey: `dhis2-${randomUUID()}`,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "exchange:manage");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: pushSchema });
  if (submission.status !== "success") return intentReply("push", submission.reply());
  const { day, mode, idempotencyKey } = submission.value;
  const outcome = await pushPeriod(getDb(), formActor(admin, context), { day, dryRun: mode === "dry-run", trigger: "manual", idempotencyKey });
  if (outcome.status === "not-configured") return intentReply("push", submission.reply({ formErrors: [outcome.reason] }), 409);
  if (outcome.status === "nothing-to-send") return intentReply("push", submission.reply({ formErrors: ["dhis2.nothingToSend"] }), 409);
  const sent = outcome.pushes.filter((p) => p.result).length;
  const failed = outcome.pushes.filter((p) => p.result && !p.result.summary).length;
  return redirectWithFlash("/admin/dhis2/log", {
    kind: failed ? "error" : "success",
    message: mode === "dry-run" ? "dhis2.dryRunDone" : "dhis2.pushDone",
    params: { period: outcome.period.id, sent, failed },
  });
}

export default function Dhis2Preview() {
  const { period, dataSet, sets, sources, configured, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, day } = useI18n();
  const result = resultFor(actionData, "push");
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("mode") ?? "") : "";
  const ready = configured && sets.length > 0;
  const label = (i: number) => {
    const source = sources[i];
    if (!source) return "";
    return source.detail ? `${t(`dhis2.indicator.${source.indicator}`)} · ${source.detail}` : t(`dhis2.indicator.${source.indicator}`);
  };

  return (
    <div className="max-w-5xl">
      <p>
        <Link to="/admin/dhis2" className="text-brand-700 underline">{t("common.backTo", { place: t("dhis2.title") })}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("dhis2.previewTitle")}</h1>
      <p className="text-slate-700">{t("dhis2.previewIntro")}</p>
      <p className="mt-3 text-lg">
        {t("dhis2.periodLine", { period: period.id, from: day(period.start), to: day(period.end), dataSet: dataSet || "—" })}
      </p>
      <nav aria-label={t("dhis2.otherPeriods")} className="mt-2 flex gap-4">
        <Link to={`?day=${addDays(period.start, -1)}`} className="text-brand-700 underline">{t("common.previous")}</Link>
        <Link to={`?day=${addDays(period.end, 1)}`} className="text-brand-700 underline">{t("common.next")}</Link>
      </nav>

      {sets.length === 0 ? (
        <p role="status" className="mt-6 rounded border border-amber-500 bg-amber-50 p-3">{t("dhis2.nothingToSend")}</p>
      ) : (
        sets.map((set) => (
          <section key={set.facilityCode} aria-labelledby={`set-${set.facilityCode}`} className="mt-6 rounded-lg bg-white p-4 shadow">
            <h2 id={`set-${set.facilityCode}`} className="text-lg font-semibold">
              {set.facilityCode} · {set.facilityName} → <span className="font-mono">{set.payload.orgUnit}</span>
            </h2>
            <table className="mt-2 w-full text-left text-sm">
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="px-3 py-1">{t("dhis2.indicatorLabel")}</th>
                  <th scope="col" className="px-3 py-1">{t("dhis2.dataElement")}</th>
                  <th scope="col" className="px-3 py-1">{t("dhis2.categoryOptionCombo")}</th>
                  <th scope="col" className="px-3 py-1 text-right">{t("dhis2.value")}</th>
                </tr>
              </thead>
              <tbody>
                {set.payload.dataValues.map((v, i) => (
                  <tr key={`${v.dataElement}-${v.categoryOptionCombo ?? ""}`} className="border-t border-slate-200">
                    <td className="px-3 py-1">{label(i)}</td>
                    <td className="px-3 py-1 font-mono">{v.dataElement}</td>
                    <td className="px-3 py-1 font-mono">{v.categoryOptionCombo ?? t("dhis2.defaultCombo")}</td>
                    <td className="px-3 py-1 text-right tabular-nums">{v.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <details className="mt-2">
              <summary className="cursor-pointer font-medium">{t("dhis2.json")}</summary>
              <pre data-testid={`payload-${set.facilityCode}`} className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs">
                {JSON.stringify(set.payload, null, 2)}
              </pre>
            </details>
          </section>
        ))
      )}

      <Form method="post" className="mt-6 space-y-3 rounded-lg bg-white p-4 shadow">
        <FormErrors id="push-errors" errors={result?.error?.[""] ?? undefined} />
        <input type="hidden" name="day" value={period.start} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        {configured ? null : <p className="text-amber-900">{t("dhis2.notConfigured")}</p>}
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="mode" value="dry-run" disabled={Boolean(busy) || !ready} className="min-h-11 rounded border border-brand-700 px-4 py-2 font-semibold text-brand-800 disabled:opacity-60">
            {busy === "dry-run" ? t("dhis2.pushing") : t("dhis2.dryRun")}
          </button>
          <button type="submit" name="mode" value="push" disabled={Boolean(busy) || !ready} className="min-h-11 rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60">
            {busy === "push" ? t("dhis2.pushing") : t("dhis2.push", { period: period.id })}
          </button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dhis2.previewTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
