import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { listItemGtins } from "#db/catalogue.server";
import { findCaseForVaccination, listCaseDoses, listVaccineItems, planDraw } from "#db/vaccination.server";
import { ScanField } from "~/components/scan-field";
import { fillVaccination } from "~/components/scan-fill";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { DoseList } from "~/components/care/dose-list";
import { QueuedNotice } from "~/components/outbox-notice";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { outboxAction, outboxShouldRevalidate } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { changeDoseReason, recordVaccineDose } from "~/lib/commands/record-dose.server";
import { getDb } from "~/lib/db.server";
import { ageInMonths, normaliseCaseCode } from "~/lib/domain/care";
import { assessDose, offeredSchedule } from "~/lib/domain/schedule";
import { env } from "~/lib/env.server";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { dayOf } from "~/lib/time.server";
import { changeReasonSchema, doseSchema, notGivenReasons } from "~/lib/schemas/vaccination";
import { redirectWithFlash } from "~/lib/session.server";
import { zonedDateTimeLocal } from "~/lib/time";
import { useHydrated } from "~/lib/use-hydrated";
import { readForm } from "~/lib/form-data.server";
import { repeatConfirmed, twinQuestion } from "~/lib/twin-question.server";
import { PageHeader } from "~/components/ui/page-header";


async function loadCase(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:record");
  const found = await findCaseForVaccination(getDb(), facility.id, normaliseCaseCode(params.caseCode ?? ""));
  if (!found) notFound();
  return { user, facility, found };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility, found } = await loadCase(request, context, params);
  const db = getDb();
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const now = new Date();
  const today = dayOf(now);
  // Every view of a case is in the audit log.
  await recordCareRead(db, formActor(user, context), facility.id, { of: "case", caseId: found.id, details: { page: "vaccinate" } });
  const [vaccines, doses, gtins] = await Promise.all([listVaccineItems(db), listCaseDoses(db, found.id), listItemGtins(db)]);
  const options = [];
  for (const vaccine of vaccines) {
    const plan = await planDraw(db, facility.id, vaccine, now, today);
    const given = doses
      .filter((d) => d.itemId === vaccine.id && d.status === "given")
      .map((d) => ({ doseNumber: d.doseNumber, day: dayOf(d.occurredAt) }));
    options.push({
      code: vaccine.code,
      nameEs: vaccine.nameEs,
      nameEn: vaccine.nameEn,
      dosesPerVial: vaccine.dosesPerVial ?? 1,
      openVialRule: vaccine.openVialRule,
      scheduledDoses: offeredSchedule[vaccine.code]?.doses.length ?? 0,
      nextDose: Math.max(0, ...given.map((g) => g.doseNumber)) + 1,
      given,
      plan: { ...plan, discardAt: plan.discardAt?.toISOString() ?? null },
    });
  }
  return {
    facility: { code: facility.code, name: facility.name },
    timeZone,
    today,
    person: {
      code: found.code,
      name: found.name,
      birthDate: found.birthDate,
      pregnant: found.pregnant,
      ageMonths: found.birthDate ? ageInMonths(found.birthDate, today) : null,
    },
    vaccines: options,
    gtins: gtins.filter((g) => vaccines.some((v) => v.code === g.itemCode)),
    doses: doses.map((d) => ({ ...d, occurredAt: d.occurredAt.toISOString() })),
    defaults: {
      intent: "record",
      idempotencyKey: crypto.randomUUID(),
      occurredAt: zonedDateTimeLocal(now, timeZone),
      vaccine: "",
      doseNumber: "1",
      status: "given",
      notGivenReason: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility, found } = await loadCase(request, context, params);
  const db = getDb();
  const actor = formActor(user, context);
  const formData = await readForm(request);
  const back = `/facilities/${facility.code}/care/${found.code}/vaccinate`;

  if (formData.get("intent") === "change-reason") {
    const submission = parseWithZod(formData, { schema: changeReasonSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const { doseId, notGivenReason } = submission.value;
    const changed = await changeDoseReason(db, actor, { facilityId: facility.id, caseId: found.id, doseId, reason: notGivenReason });
    if (changed.status === "not-found") notFound();
    return redirectWithFlash(back, { kind: "success", message: "vaccination.reasonChanged" });
  }

  const timeZone = env().ALBERGUE_TIME_ZONE;
  const submission = parseWithZod(formData, { schema: doseSchema({ timeZone }) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const outcome = await recordVaccineDose(
    db,
    actor,
    {
      facilityId: facility.id,
      careCase: found,
      vaccine: value.vaccine,
      doseNumber: value.doseNumber,
      status: value.status,
      notGivenReason: value.notGivenReason,
      occurredAt: value.occurredAt,
    },
    value.idempotencyKey,
    { questions: { confirmRepeat: repeatConfirmed(formData) } },
  );
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  if (outcome.status === "twin") {
    const { vaccine, lotNumber } = outcome;
    const question = await twinQuestion(request, user, "vaccination.repeatSuspected", outcome.recordedAt, ({ t, locale }) => {
      const described = { dose: value.doseNumber, vaccine: locale === "en" ? vaccine.nameEn : vaccine.nameEs, lot: lotNumber ?? "" };
      return { what: value.status === "given" ? t("vaccination.twin.given", described) : t("vaccination.twin.notGiven", described) };
    });
    return data(submission.reply({ formErrors: [question] }), { status: 409 });
  }
  if (outcome.status === "duplicate") return redirectWithFlash(back, { kind: "info", message: "vaccination.alreadyRecorded" });
  const flashParams = { vaccine: value.vaccine, dose: value.doseNumber };
  if (value.status === "not_given") return redirectWithFlash(back, { kind: "success", message: "vaccination.notGivenRecorded", params: flashParams });
  return redirectWithFlash(back, {
    kind: outcome.warnings.length ? "info" : "success",
    message: outcome.warnings.length ? "vaccination.givenWithWarning" : "vaccination.given",
    params: flashParams,
  });
}

// With JavaScript, a dose the link or the server cannot take is kept on the device (the outbox).
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

export default function Vaccinate() {
  const { facility, person, vaccines, gtins, doses, defaults, timeZone, today } = useLoaderData<typeof loader>();
  const { t, locale, dateTime, day, number } = useI18n();
  const schema = doseSchema({ timeZone });
  const { outbox, form, fields } = useFieldForm({ id: "dose", schema: schema, actionData: useActionData<typeof clientAction>(), defaults, kinds: ["dose"], timeZone });
  // What is typed is read only once the page is interactive, so the server's rendering is reproduced first.
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { vaccine?: string; doseNumber?: string; status?: string };
  const chosen = vaccines.find((v) => v.code === current.vaccine);
  const name = (v: { nameEs: string; nameEn: string }) => (locale === "en" ? v.nameEn : v.nameEs);
  const preview =
    chosen && current.status !== "not_given"
      ? assessDose({
          schedule: offeredSchedule[chosen.code],
          doseNumber: Number(current.doseNumber) || 1,
          onDay: today,
          birthDate: person.birthDate,
          given: chosen.given,
        })
      : null;
  const base = `/facilities/${facility.code}/care/${person.code}`;
  const reasonOptions = notGivenReasons.map((r) => ({ value: r, label: t(`vaccination.reason.${r}` as MessageKey) }));
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: base, label: t("vaccination.backToCase", { code: person.code }) }}
        title={t("vaccination.title")}
      />
      <p className="text-slate-700">
        {t("vaccination.intro", { code: person.code, facility: facility.name })}
        {person.ageMonths !== null ? ` ${t("vaccination.ageMonths", { months: person.ageMonths })}` : ""}
        {person.pregnant ? ` ${t("vaccination.pregnant")}` : ""}
      </p>

      <section aria-labelledby="stock-heading" className="mt-4 rounded-lg bg-white p-4 shadow">
        <h2 id="stock-heading" className="text-lg font-semibold">
          {t("vaccination.fromStock")}
        </h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-2">{t("vaccination.vaccine")}</th>
              <th scope="col" className="py-1 pr-2">{t("vaccination.nextDose")}</th>
              <th scope="col" className="py-1">{t("vaccination.drawFrom")}</th>
            </tr>
          </thead>
          <tbody>
            {vaccines.map((v) => (
              <tr key={v.code} className={`border-t border-slate-200 ${chosen?.code === v.code ? "bg-brand-50" : ""}`}>
                <th scope="row" className="py-1 pr-2 font-medium">
                  {name(v)} <span className="text-slate-600">({v.code})</span>
                </th>
                <td className="py-1 pr-2">
                  {v.scheduledDoses > 0 && v.nextDose > v.scheduledDoses ? t("vaccination.seriesComplete") : number(v.nextDose)}
                </td>
                <td className="py-1">
                  {v.plan.kind === "none"
                    ? t("vaccination.plan.none")
                    : v.plan.kind === "single-dose"
                      ? t("vaccination.plan.singleDose", { lot: v.plan.lotNumber ?? "", expiry: v.plan.expiry ? day(v.plan.expiry) : "-" })
                      : v.plan.kind === "open-vial"
                        ? t("vaccination.plan.openVial", {
                            lot: v.plan.lotNumber ?? "",
                            left: v.plan.dosesLeft ?? 0,
                            discard: v.plan.discardAt ? dateTime(v.plan.discardAt) : "",
                          })
                        : t("vaccination.plan.newVial", {
                            lot: v.plan.lotNumber ?? "",
                            doses: v.dosesPerVial,
                            discard: v.plan.discardAt ? dateTime(v.plan.discardAt) : "",
                          })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4 rounded-lg bg-white p-4 shadow sm:p-6">
        <QueuedNotice outbox={outbox} formId={"dose"} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <ScanField gtins={gtins} onRead={(scan) => fillVaccination(document.getElementById(form.id) as HTMLFormElement | null, scan, vaccines)} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            meta={fields.vaccine}
            label={t("vaccination.vaccine")}
            options={[{ value: "", label: t("vaccination.chooseVaccine") }, ...vaccines.map((v) => ({ value: v.code, label: `${name(v)} (${v.code})` }))]}
          />
          <TextField meta={fields.doseNumber} label={t("vaccination.doseNumber")} type="number" inputMode="numeric" className="max-w-[10rem]" />
        </div>
        <TextField meta={fields.occurredAt} label={t("vaccination.occurredAt")} type="datetime-local" className="max-w-xs" />
        <SelectField
          meta={fields.status}
          label={t("vaccination.status")}
          options={[
            { value: "given", label: t("vaccination.status.given") },
            { value: "not_given", label: t("vaccination.status.not_given") },
          ]}
          className="max-w-xs"
        />
        <SelectField
          meta={fields.notGivenReason}
          label={t("vaccination.notGivenReason")}
          options={[{ value: "", label: t("vaccination.reasonPlaceholder") }, ...reasonOptions]}
          className="max-w-xs"
        />
        <div aria-live="polite">
          {preview && preview.warnings.length > 0 ? (
            <div className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-amber-900">
              <p className="font-semibold">{t("vaccination.warningTitle")}</p>
              <ul className="list-disc pl-5">
                {preview.warnings.map((w) => (
                  <li key={w}>{t(w)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview?.nextDueDate ? <p className="text-sm">{t("vaccination.nextDue", { date: day(preview.nextDueDate) })}</p> : null}
        </div>
        <RepeatConfirm errors={form.errors} />
        <SubmitButton pending={t("vaccination.saving")}>{t("vaccination.save")}</SubmitButton>
      </Form>

      <DoseList doses={doses} reasonOptions={reasonOptions} />
      <p className="mt-4 text-sm">
        <Link to={`/facilities/${facility.code}/care/vials`} className="text-brand-700 underline">
          {t("vaccination.vials.link")}
        </Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "vaccination.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
