import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getCensus } from "#db/census.server";
import { getHeadcountSheet } from "#db/headcount.server";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { saveHeadcount, submitHeadcount } from "~/lib/commands/headcount.server";
import { getDb } from "~/lib/db.server";
import { differs, headcountDifference } from "~/lib/domain/headcount";
import { allGroups, baseGroups, totalOf, type Counts } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { idOf } from "~/lib/schemas/common";
import { countedOf, headcountSchema } from "~/lib/schemas/headcount";
import { countsOf } from "~/lib/schemas/movement";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { useSchemaForm } from "~/lib/use-schema-form";

function sheetIdOf(param: string | undefined): number {
  return idOf(param) ?? notFound();
}

/** A signed difference as people read it: +3, −2, 0. */
function signedText(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0";
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "population:record");
  const db = getDb();
  const sheet = await getHeadcountSheet(db, facility.id, sheetIdOf(params.sheetId));
  if (!sheet) notFound();
  const present = sheet.status === "submitted" ? await getCensus(db, facility.id) : null;
  return {
    facility: { code: facility.code, name: facility.name },
    sheet,
    censusNow: present ? { total: totalOf(present.counts) } : null,
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      reason: sheet.reason,
      ...Object.fromEntries(allGroups.map((g) => [g, sheet.counted[g] === undefined ? "" : String(sheet.counted[g])])),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:record");
  const sheetId = sheetIdOf(params.sheetId);
  const db = getDb();
  if (!(await getHeadcountSheet(db, facility.id, sheetId))) notFound();
  const submission = parseWithZod(await readForm(request), { schema: headcountSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const actor = formActor(user, context);
  const here = `/facilities/${facility.code}/headcount/${sheetId}`;

  if (value.intent === "save") {
    const saved = await saveHeadcount(db, actor, { facilityId: facility.id, sheetId, counted: countedOf(value) });
    if (saved.status === "not-found") notFound();
    if (saved.status === "refused") return data(submission.reply({ formErrors: saved.formErrors }), { status: 409 });
    return redirectWithFlash(here, { kind: "success", message: "headcount.saved", params: { id: sheetId } });
  }

  const input = { facilityId: facility.id, sheetId, counted: countsOf(value), reason: value.reason };
  const outcome = await submitHeadcount(db, actor, input, value.idempotencyKey);
  if (outcome.status === "not-found") notFound();
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply({ formErrors: outcome.formErrors }), { status: 409 });
  if (outcome.status === "duplicate") return redirectWithFlash(here, { kind: "success", message: "headcount.submittedOnce", params: { id: sheetId } });
  return redirectWithFlash(here, {
    kind: "success",
    message: differs(outcome.difference) ? "headcount.submitted" : "headcount.submittedSame",
    params: { id: sheetId, difference: signedText(outcome.difference.total), total: totalOf(outcome.counted) },
  });
}

export default function HeadcountSheet() {
  const { facility, sheet, censusNow, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, number, dateTime } = useI18n();
  const [form, fields] = useSchemaForm({ schema: headcountSchema, lastResult, defaults });
  const title = t("headcount.title", { id: sheet.id, facility: facility.name });
  const signed = (n: number) => (n > 0 ? `+${number(n)}` : n < 0 ? `−${number(-n)}` : number(0));

  if (sheet.status === "submitted" && sheet.expected) {
    const counted = { ...sheet.expected, ...sheet.counted } as Counts;
    const difference = headcountDifference(counted, sheet.expected);
    return (
      <div className="max-w-3xl">
        <PageHeader
          back={{ to: `/facilities/${facility.code}/headcount`, label: t("headcount.backToList") }}
          title={title}
          intro={t("headcount.submittedIntro", { when: dateTime(sheet.submittedAt ?? sheet.openedAt) })}
        />
        <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">
          {differs(difference)
            ? t("headcount.summary", { difference: signed(difference.total), total: number(totalOf(counted)) })
            : t("headcount.summarySame", { total: number(totalOf(counted)) })}
          {censusNow ? <> {t("headcount.censusNow", { total: number(censusNow.total) })}</> : null}
        </p>
        {sheet.reason ? <p className="mt-2">{t("headcount.reasonShown", { reason: sheet.reason })}</p> : null}
        <div className="mt-4 rounded-lg bg-white shadow">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">{t("headcount.group")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("headcount.expected")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("headcount.counted")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("headcount.difference")}</th>
              </tr>
            </thead>
            <tbody>
              {allGroups.map((g) => (
                <tr key={g} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-medium">{t(`group.${g}`)}</th>
                  <td className="px-3 py-2 text-right tabular-nums">{number(sheet.expected![g])}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(counted[g])}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${difference[g] ? "font-semibold text-red-800" : ""}`}>{signed(difference[g])}</td>
                </tr>
              ))}
              <tr className="border-t-2 border-slate-400">
                <th scope="row" className="px-3 py-2 font-semibold">{t("group.total")}</th>
                <td className="px-3 py-2 text-right tabular-nums">{number(totalOf(sheet.expected))}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(totalOf(counted))}</td>
                <td className={`px-3 py-2 text-right font-semibold tabular-nums ${difference.total ? "text-red-800" : ""}`}>{signed(difference.total)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
    );
  }

  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/headcount`, label: t("headcount.backToList") }}
        title={title}
        intro={t("headcount.draftIntro", { when: dateTime(sheet.openedAt) })}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4 rounded-lg bg-white p-4 shadow sm:p-6">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.idempotencyKey} />
        <p className="text-sm text-slate-700">{t("headcount.howTo")}</p>
        {[baseGroups, allGroups.slice(baseGroups.length)].map((groups, index) => (
          <fieldset key={index} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <legend className="mb-2 font-semibold">{index === 0 ? t("headcount.baseGroups") : t("headcount.subgroups")}</legend>
            {groups.map((g) => (
              <TextField
                key={g}
                meta={fields[g]}
                label={t(`group.${g}`)}
                type="number"
                inputMode="numeric"
                hint={t("headcount.censusAtOpening", { count: number(sheet.openingCensus[g]) })}
              />
            ))}
          </fieldset>
        ))}
        <TextAreaField meta={fields.reason} label={t("headcount.reason")} />
        <p className="text-sm text-slate-700">{t("headcount.submitHint")}</p>
        <div className="flex flex-wrap gap-3">
          <SubmitButton
            intent="save"
            pending={t("common.saving")}
            variant="secondary"
          >
            {t("headcount.saveDraft")}
          </SubmitButton>
          <SubmitButton intent="submit" pending={t("headcount.submitting")}>
            {t("headcount.submit")}
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "headcount.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
