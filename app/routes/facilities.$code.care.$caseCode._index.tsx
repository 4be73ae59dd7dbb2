import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { appendAudit } from "#db/audit.server";
import {
  getCase,
  insertEncounter,
  insertReferral,
  findCreatedWithKey,
  listCaseDoses,
  listCaseEncounters,
  listCaseReferrals,
  moveCase,
  updateReferralStatus,
} from "#db/care.server";
import { getFacilityByCode, listFacilityOptions } from "#db/facilities.server";
import { CheckboxField, CheckboxGroup, FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { auditActor, notFound, requireFacility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import {
  ageInMonths,
  anaemiaInPregnancy,
  childDangerSigns,
  gestationalWeeks,
  muacClass,
  pregnancyDangerSigns,
  rutfSachetsPerDay,
  suggestsReferral,
  trimester,
} from "~/lib/domain/care";
import { countryName } from "~/lib/domain/countries";
import { env } from "~/lib/env.server";
import { intlTag, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { dayOf } from "~/lib/population.server";
import {
  antenatalEncounterSchema,
  childEncounterSchema,
  moveCaseSchema,
  referralHospitals,
  referralSchema,
  referralStatusSchema,
  referralStatuses,
  referralUrgencies,
} from "~/lib/schemas/care";
import { redirectWithFlash } from "~/lib/session.server";
import { zonedDateTimeLocal } from "~/lib/time";
import { useHydrated } from "~/lib/use-hydrated";
import { readForm } from "~/lib/form-data.server";

const CASE_CODE = /^[A-Za-z0-9 -]{4,20}$/;

async function loadCase(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  // Identifying data: health workers of the facility and admins only (planners get a 403).
  const { user, facility } = await requireFacility(request, context, params.code, "care:view");
  const code = params.caseCode ?? "";
  // Always looked up at this facility: a case elsewhere in the network is "not found" here.
  const found = CASE_CODE.test(code) ? await getCase(getDb(), facility.id, code) : undefined;
  if (!found) notFound();
  return { user, facility, found };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility, found } = await loadCase(request, context, params);
  const db = getDb();
  // Every view of a case is in the audit log.
  await appendAudit(db, auditActor(user, context), {
    action: "view",
    entity: "care_case",
    entityId: found.id,
    facilityId: facility.id,
    changes: { code: found.code },
  });
  const [encounters, referralRows, doses, facilityOptions] = await Promise.all([
    listCaseEncounters(db, found.id),
    listCaseReferrals(db, found.id),
    listCaseDoses(db, found.id),
    listFacilityOptions(db),
  ]);
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const locale = user.preferredLanguage;
  const now = new Date();
  const { id: _id, facilityId: _f, ...details } = found;
  return {
    facility: { code: facility.code, name: facility.name },
    careCase: { ...details, nationalityName: found.nationality ? countryName(found.nationality, intlTag(locale)) : null },
    today: dayOf(now),
    timeZone,
    canRecord: can(user.role, "care:record") && user.facilityIds.includes(facility.id),
    encounters,
    referrals: referralRows,
    doses: doses.map(({ itemNameEs, itemNameEn, ...d }) => ({ ...d, itemName: locale === "en" ? itemNameEn : itemNameEs })),
    destinations: facilityOptions.filter((f) => f.id !== facility.id).map(({ code, name }) => ({ code, name })),
    defaults: {
      occurredAt: zonedDateTimeLocal(now, timeZone),
      childKey: randomUUID(),
      antenatalKey: randomUUID(),
      referralKey: randomUUID(),
    },
  };
}

type Intent = "child" | "antenatal" | "referral" | "referralStatus" | "move";
const intents: readonly Intent[] = ["child", "antenatal", "referral", "referralStatus", "move"];

function refused(intent: Intent, result: SubmissionResult<string[]>, status = 400) {
  return data({ intent, result }, { status });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:record");
  const code = params.caseCode ?? "";
  const db = getDb();
  const found = CASE_CODE.test(code) ? await getCase(db, facility.id, code) : undefined;
  if (!found) notFound();
  const formData = await readForm(request);
  const rawIntent = String(formData.get("intent") ?? "");
  const intent = (intents as readonly string[]).includes(rawIntent) ? (rawIntent as Intent) : undefined;
  if (!intent) throw data({ reason: "bad-intent" }, { status: 400 });
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const today = dayOf(new Date());
  const actor = auditActor(user, context);
  const here = `/facilities/${facility.code}/care/${found.code}`;

  if (intent === "child") {
    const submission = parseWithZod(formData, { schema: childEncounterSchema({ timeZone }) });
    if (submission.status !== "success") return refused(intent, submission.reply());
    const v = submission.value;
    const day = dayOf(v.occurredAt);
    const months = found.birthDate ? ageInMonths(found.birthDate, day) : null;
    const nutrition = months === null ? (v.oedema ? "sam" : null) : muacClass(v.muacMm, v.oedema, months);
    const rutf = nutrition === "sam" && v.weightKg !== null ? rutfSachetsPerDay(v.weightKg) : null;
    await db.transaction(async (tx) => {
      const outcome = await insertEncounter(
        tx,
        {
          caseId: found.id,
          facilityId: facility.id,
          kind: "child",
          occurredAt: v.occurredAt,
          idempotencyKey: v.idempotencyKey,
          weightKg: v.weightKg,
          heightCm: v.heightCm,
          muacMm: v.muacMm,
          oedema: v.oedema,
          nutrition,
          rutfSachetsPerDay: rutf,
          dangerSigns: v.dangerSigns,
          notes: v.notes,
        },
        user.id,
      );
      if (outcome.status === "created") {
        await appendAudit(tx, actor, {
          action: "create",
          entity: "care_encounter",
          entityId: outcome.id,
          facilityId: facility.id,
          changes: { caseCode: found.code, kind: "child", nutrition, rutfSachetsPerDay: rutf, dangerSigns: v.dangerSigns },
        });
      }
    });
    return redirectWithFlash(here, {
      kind: "success",
      message: suggestsReferral(v.dangerSigns) ? "care.encounterRecordedRefer" : "care.encounterRecorded",
    });
  }

  if (intent === "antenatal") {
    const submission = parseWithZod(formData, { schema: antenatalEncounterSchema({ timeZone, today }) });
    if (submission.status !== "success") return refused(intent, submission.reply());
    if (!found.pregnant) return refused(intent, submission.reply({ formErrors: ["care.notPregnant"] }));
    const v = submission.value;
    const day = dayOf(v.occurredAt);
    const weeks = v.gestationalWeeks ?? (found.lastMenstrualPeriod ? gestationalWeeks(found.lastMenstrualPeriod, day) : null);
    const anaemia = v.haemoglobinGL !== null && weeks !== null ? anaemiaInPregnancy(v.haemoglobinGL, weeks) : null;
    await db.transaction(async (tx) => {
      const outcome = await insertEncounter(
        tx,
        {
          caseId: found.id,
          facilityId: facility.id,
          kind: "antenatal",
          occurredAt: v.occurredAt,
          idempotencyKey: v.idempotencyKey,
          gestationalWeeks: weeks,
          systolic: v.systolic,
          diastolic: v.diastolic,
          haemoglobinGL: v.haemoglobinGL,
          anaemia,
          tdGiven: v.tdGiven,
          ironFolicGiven: v.ironFolicGiven,
          contactNumber: v.contactNumber,
          nextContactDate: v.nextContactDate || null,
          dangerSigns: v.dangerSigns,
          notes: v.notes,
        },
        user.id,
      );
      if (outcome.status === "created") {
        await appendAudit(tx, actor, {
          action: "create",
          entity: "care_encounter",
          entityId: outcome.id,
          facilityId: facility.id,
          changes: { caseCode: found.code, kind: "antenatal", gestationalWeeks: weeks, anaemia, dangerSigns: v.dangerSigns },
        });
      }
    });
    return redirectWithFlash(here, {
      kind: "success",
      message: suggestsReferral(v.dangerSigns) ? "care.encounterRecordedRefer" : "care.encounterRecorded",
    });
  }

  if (intent === "referral") {
    const submission = parseWithZod(formData, { schema: referralSchema({ timeZone }) });
    if (submission.status !== "success") return refused(intent, submission.reply());
    const v = submission.value;
    await db.transaction(async (tx) => {
      if (await findCreatedWithKey(tx, user.id, "referral", v.idempotencyKey)) return;
      const id = await insertReferral(
        tx,
        { caseId: found.id, facilityId: facility.id, hospital: v.hospital, urgency: v.urgency, reason: v.reason, sentAt: v.occurredAt },
        user.id,
      );
      await appendAudit(tx, actor, {
        action: "create",
        entity: "referral",
        entityId: id,
        facilityId: facility.id,
        changes: { caseCode: found.code, idempotencyKey: v.idempotencyKey, hospital: v.hospital, urgency: v.urgency },
      });
    });
    return redirectWithFlash(here, { kind: "success", message: "care.referralRecorded", params: { hospital: v.hospital } });
  }

  if (intent === "referralStatus") {
    const submission = parseWithZod(formData, { schema: referralStatusSchema });
    if (submission.status !== "success") return refused(intent, submission.reply());
    const v = submission.value;
    const previous = await db.transaction(async (tx) => {
      const before = await updateReferralStatus(tx, found.id, v.referralId, v.status);
      if (before !== undefined && before !== v.status) {
        await appendAudit(tx, actor, {
          action: "update",
          entity: "referral",
          entityId: v.referralId,
          facilityId: facility.id,
          changes: { caseCode: found.code, status: [before, v.status] },
        });
      }
      return before;
    });
    if (previous === undefined) notFound();
    return redirectWithFlash(here, { kind: "success", message: "care.referralUpdated" });
  }

  // intent === "move": the case goes with the person to another facility of the network.
  const submission = parseWithZod(formData, { schema: moveCaseSchema });
  if (submission.status !== "success") return refused(intent, submission.reply());
  const destination = await getFacilityByCode(db, submission.value.toFacility);
  if (!destination || destination.id === facility.id) {
    return refused(intent, submission.reply({ fieldErrors: { toFacility: ["validation.choice"] } }));
  }
  const moved = await db.transaction(async (tx) => {
    const ok = await moveCase(tx, found.id, facility.id, destination.id);
    if (ok) {
      await appendAudit(tx, actor, {
        action: "move",
        entity: "care_case",
        entityId: found.id,
        facilityId: facility.id,
        changes: { code: found.code, from: facility.code, to: destination.code },
      });
    }
    return ok;
  });
  if (!moved) notFound();
  return redirectWithFlash(`/facilities/${facility.code}/care`, {
    kind: "success",
    message: "care.moved",
    params: { code: found.code, facility: destination.name },
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;

function resultFor(actionData: ActionData, intent: Intent) {
  return actionData && "intent" in actionData && actionData.intent === intent ? actionData.result : undefined;
}

const sectionClass = "mt-6 rounded-lg bg-white p-4 shadow sm:p-6";

export default function CasePage() {
  const loaderData = useLoaderData<typeof loader>();
  const { facility, careCase, today, encounters, referrals, doses, canRecord } = loaderData;
  const { t, day, number, dateTime } = useI18n();
  const base = `/facilities/${facility.code}/care/${careCase.code}`;
  const months = careCase.birthDate ? Math.max(0, ageInMonths(careCase.birthDate, today)) : null;
  const weeksToday =
    careCase.pregnant && careCase.lastMenstrualPeriod ? gestationalWeeks(careCase.lastMenstrualPeriod, today) : null;
  const latest = encounters[0];
  const referNow = latest ? suggestsReferral(latest.dangerSigns) : false;
  const ageText =
    months === null
      ? "—"
      : months < 24
        ? t("care.ageMonths", { months })
        : t("care.ageYears", { years: Math.floor(months / 12) });
  return (
    <div className="max-w-4xl">
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}/care`} className="text-brand-700 underline">
          {t("care.backToCases")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {t("care.caseTitle")} <span className="font-mono">{careCase.code}</span>
      </h1>
      <div className="mt-2 flex flex-wrap gap-2">
        <Link to={`${base}/vaccinate`} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {t("care.vaccinate")}
        </Link>
        <Link to={`${base}/summary`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
          {t("care.summary")}
        </Link>
        <a href={`${base}/immunizations.json`} download className="self-center text-sm text-brand-700 underline">
          {t("care.fhir.case")}
        </a>
      </div>

      <section aria-labelledby="details-title" className={sectionClass}>
        <h2 id="details-title" className="text-lg font-semibold">
          {t("care.details")}
        </h2>
        <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
          <Detail label={t("care.name")} value={careCase.name || t("care.noName")} />
          <Detail label={t("care.document")} value={careCase.documentNumber || "—"} />
          <Detail label={t("care.sex")} value={t(`care.sex.${careCase.sex}`)} />
          <Detail
            label={t("care.age")}
            value={
              careCase.birthDate
                ? `${careCase.birthDateEstimated ? t("care.approx", { value: ageText }) : ageText} · ${t("care.born", { date: day(careCase.birthDate) })}`
                : "—"
            }
          />
          <Detail label={t("care.nationality")} value={careCase.nationalityName ?? "—"} />
          <Detail label={t("care.familyGroup")} value={careCase.familyGroup || "—"} />
          <Detail label={t("care.arrivalDate")} value={day(careCase.arrivalDate)} />
          <Detail label={t("care.status")} value={t(`care.status.${careCase.status}`)} />
        </dl>
        {careCase.pregnant ? (
          <div className="mt-4 rounded border border-slate-200 p-3">
            <h3 className="font-semibold">{t("care.pregnancy")}</h3>
            <p>
              {weeksToday !== null ? t("care.gaToday", { weeks: weeksToday, trimester: trimester(Math.max(0, weeksToday)) }) : "—"}
              {careCase.estimatedDueDate ? ` · ${t("care.dueDate", { date: day(careCase.estimatedDueDate) })}` : ""}
            </p>
          </div>
        ) : null}
      </section>

      {referNow ? (
        <div role="alert" className="mt-6 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
          <p className="font-semibold">{t("care.referNow")}</p>
          <p className="text-sm">{t("care.referNowHint")}</p>
          {canRecord ? (
            <a href="#referral-title" className="text-sm font-semibold underline">
              {t("care.referNowLink")}
            </a>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="history-title" className={sectionClass}>
        <h2 id="history-title" className="text-lg font-semibold">
          {t("care.history")}
        </h2>
        {encounters.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("care.noEncounters")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200">
            {encounters.map((e) => (
              <li key={e.id} className="py-2 text-sm">
                <p className="font-medium">
                  {dateTime(e.occurredAt)} · {t(`care.kind.${e.kind}`)} · {e.facilityCode}
                </p>
                <p>
                  {[
                    e.weightKg !== null ? t("care.weightValue", { kg: number(e.weightKg) }) : null,
                    e.heightCm !== null ? t("care.heightValue", { cm: number(e.heightCm) }) : null,
                    e.muacMm !== null ? t("care.muacValue", { mm: e.muacMm }) : null,
                    e.oedema ? t("care.oedema") : null,
                    e.nutrition ? t(`care.nutrition.${e.nutrition}`) : null,
                    e.rutfSachetsPerDay !== null ? t("care.rutfValue", { sachets: number(e.rutfSachetsPerDay) }) : null,
                    e.gestationalWeeks !== null ? t("care.gaValue", { weeks: e.gestationalWeeks }) : null,
                    e.systolic !== null && e.diastolic !== null ? t("care.bpValue", { sys: e.systolic, dia: e.diastolic }) : null,
                    e.haemoglobinGL !== null ? t("care.hbValue", { hb: e.haemoglobinGL }) : null,
                    e.anaemia ? t("care.anaemia") : null,
                    e.tdGiven ? t("care.tdGiven") : null,
                    e.ironFolicGiven ? t("care.ironFolicGiven") : null,
                    e.contactNumber !== null ? t("care.contactValue", { n: e.contactNumber }) : null,
                    e.nextContactDate ? t("care.nextContactValue", { date: day(e.nextContactDate) }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
                {e.dangerSigns.length > 0 ? (
                  <p className="font-semibold text-red-800">
                    {t("care.dangerSigns")}: {e.dangerSigns.map((s) => dangerLabel(t, s)).join(", ")}
                  </p>
                ) : null}
                {e.notes ? <p className="text-slate-700">{e.notes}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="doses-title" className={sectionClass}>
        <h2 id="doses-title" className="text-lg font-semibold">
          {t("care.doses")}
        </h2>
        {doses.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("care.noDoses")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 text-sm">
            {doses.map((d) => (
              <li key={d.id} className="py-2">
                {dateTime(d.occurredAt)} · {d.itemName} · {t("care.doseNumber", { n: d.doseNumber })} ·{" "}
                {d.status === "given"
                  ? t("care.doseGiven", { lot: d.lotNumber ?? "—" })
                  : t("care.doseNotGiven", { reason: d.notGivenReason || "—" })}
                {d.nextDueDate ? ` · ${t("care.nextDue", { date: day(d.nextDueDate) })}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="referrals-title" className={sectionClass}>
        <h2 id="referrals-title" className="text-lg font-semibold">
          {t("care.referrals")}
        </h2>
        {referrals.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("care.noReferrals")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 text-sm">
            {referrals.map((r) => (
              <li key={r.id} className="flex flex-wrap items-end justify-between gap-2 py-2">
                <div>
                  <p className="font-medium">
                    {r.hospital} · {t(`care.urgency.${r.urgency}`)} · {t(`care.referralStatus.${r.status}`)}
                  </p>
                  <p>
                    {dateTime(r.sentAt)} · {r.reason}
                  </p>
                </div>
                {canRecord ? <ReferralStatusForm id={r.id} status={r.status} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {canRecord ? (
        <>
          {careCase.pregnant ? <AntenatalForm loaderData={loaderData} /> : <ChildForm loaderData={loaderData} />}
          <ReferralForm loaderData={loaderData} />
          <MoveForm loaderData={loaderData} />
        </>
      ) : null}
    </div>
  );
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}

type T = ReturnType<typeof useI18n>["t"];

function dangerLabel(t: T, sign: string): string {
  if ((childDangerSigns as readonly string[]).includes(sign)) return t(`care.childSign.${sign as (typeof childDangerSigns)[number]}`);
  if ((pregnancyDangerSigns as readonly string[]).includes(sign)) {
    return t(`care.pregnancySign.${sign as (typeof pregnancyDangerSigns)[number]}`);
  }
  return sign;
}

function ChildForm({ loaderData }: { loaderData: LoaderData }) {
  const { careCase, today, timeZone, defaults } = loaderData;
  const actionData = useActionData<typeof action>();
  const { t, number } = useI18n();
  const schema = childEncounterSchema({ timeZone });
  const [form, fields] = useForm({
    id: "child-encounter",
    lastResult: resultFor(actionData, "child"),
    defaultValue: { idempotencyKey: defaults.childKey, occurredAt: defaults.occurredAt },
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  // The class follows what is typed only once the page is interactive, so the server's
  // rendering is reproduced exactly on hydration.
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as Record<string, unknown>;
  const months = careCase.birthDate ? ageInMonths(careCase.birthDate, today) : null;
  const muacText = String(current.muacMm ?? "");
  const muac = muacText !== "" && Number.isFinite(Number(muacText)) ? Number(muacText) : null;
  const oedema = current.oedema === "on" || current.oedema === true;
  const liveClass = hydrated && months !== null ? muacClass(muac, oedema, months) : null;
  const weightText = String(current.weightKg ?? "");
  const weight = weightText !== "" && Number.isFinite(Number(weightText)) ? Number(weightText) : null;
  const sachets = liveClass === "sam" && weight !== null ? rutfSachetsPerDay(weight) : null;
  const classStyle =
    liveClass === "sam" ? "bg-red-100 text-red-900" : liveClass === "mam" ? "bg-amber-100 text-amber-950" : "bg-green-100 text-green-900";
  return (
    <section aria-labelledby="child-title" className={sectionClass}>
      <h2 id="child-title" className="text-lg font-semibold">
        {t("care.childEncounter")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.childKey} />
        <TextField meta={fields.occurredAt} label={t("care.occurredAt")} type="datetime-local" className="max-w-xs" />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.weightKg} label={t("care.weightKg")} type="number" step="0.1" inputMode="decimal" />
          <TextField meta={fields.heightCm} label={t("care.heightCm")} type="number" step="0.1" inputMode="decimal" />
          <TextField
            meta={fields.muacMm}
            label={t("care.muacMm")}
            type="number"
            inputMode="numeric"
            hint={months !== null && (months < 6 || months >= 60) ? t("care.muacAgeHint") : undefined}
          />
        </div>
        <CheckboxField meta={fields.oedema} label={t("care.oedemaField")} />
        <p aria-live="polite" className="text-sm font-medium">
          {liveClass ? (
            <span className={`rounded px-2 py-1 ${classStyle}`}>{t(`care.nutrition.${liveClass}`)}</span>
          ) : (
            t("care.muacClassHint")
          )}
          {sachets !== null ? ` · ${t("care.rutfSuggested", { sachets: number(sachets) })}` : ""}
        </p>
        <CheckboxGroup
          meta={fields.dangerSigns}
          legend={t("care.dangerSigns")}
          options={childDangerSigns.map((s) => ({ value: s, label: t(`care.childSign.${s}`) }))}
        />
        <TextAreaField meta={fields.notes} label={t("care.notes")} />
        <SubmitButton intent="child" pending={t("care.saving")}>
          {t("care.saveEncounter")}
        </SubmitButton>
      </Form>
    </section>
  );
}

function AntenatalForm({ loaderData }: { loaderData: LoaderData }) {
  const { careCase, today, timeZone, defaults } = loaderData;
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const schema = antenatalEncounterSchema({ timeZone, today });
  const weeksToday = careCase.lastMenstrualPeriod ? gestationalWeeks(careCase.lastMenstrualPeriod, today) : null;
  const [form, fields] = useForm({
    id: "antenatal-encounter",
    lastResult: resultFor(actionData, "antenatal"),
    defaultValue: {
      idempotencyKey: defaults.antenatalKey,
      occurredAt: defaults.occurredAt,
      gestationalWeeks: weeksToday !== null && weeksToday > 0 && weeksToday <= 44 ? String(weeksToday) : "",
    },
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as Record<string, unknown>;
  const hb = Number(current.haemoglobinGL ?? "");
  const weeks = Number(current.gestationalWeeks ?? "");
  const showFlag = hydrated && String(current.haemoglobinGL ?? "") !== "" && hb > 0 && weeks > 0;
  const anaemic = showFlag ? anaemiaInPregnancy(hb, weeks) : false;
  return (
    <section aria-labelledby="antenatal-title" className={sectionClass}>
      <h2 id="antenatal-title" className="text-lg font-semibold">
        {t("care.antenatalEncounter")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.antenatalKey} />
        <TextField meta={fields.occurredAt} label={t("care.occurredAt")} type="datetime-local" className="max-w-xs" />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.gestationalWeeks} label={t("care.gestationalWeeks")} type="number" inputMode="numeric" />
          <TextField meta={fields.systolic} label={t("care.systolic")} type="number" inputMode="numeric" />
          <TextField meta={fields.diastolic} label={t("care.diastolic")} type="number" inputMode="numeric" />
          <TextField meta={fields.haemoglobinGL} label={t("care.haemoglobin")} type="number" inputMode="numeric" />
          <TextField meta={fields.contactNumber} label={t("care.contactNumber")} type="number" inputMode="numeric" />
          <TextField meta={fields.nextContactDate} label={t("care.nextContactDate")} type="date" />
        </div>
        <p aria-live="polite" className="text-sm font-medium">
          {showFlag ? (
            <span className={`rounded px-2 py-1 ${anaemic ? "bg-red-100 text-red-900" : "bg-green-100 text-green-900"}`}>
              {anaemic
                ? t("care.anaemiaFlag", { trimester: trimester(weeks) })
                : t("care.noAnaemiaFlag", { trimester: trimester(weeks) })}
            </span>
          ) : (
            t("care.anaemiaHint")
          )}
        </p>
        <div className="flex flex-wrap gap-6">
          <CheckboxField meta={fields.tdGiven} label={t("care.tdGivenField")} />
          <CheckboxField meta={fields.ironFolicGiven} label={t("care.ironFolicField")} />
        </div>
        <CheckboxGroup
          meta={fields.dangerSigns}
          legend={t("care.dangerSigns")}
          options={pregnancyDangerSigns.map((s) => ({ value: s, label: t(`care.pregnancySign.${s}`) }))}
        />
        <TextAreaField meta={fields.notes} label={t("care.notes")} />
        <SubmitButton intent="antenatal" pending={t("care.saving")}>
          {t("care.saveEncounter")}
        </SubmitButton>
      </Form>
    </section>
  );
}

function ReferralForm({ loaderData }: { loaderData: LoaderData }) {
  const { timeZone, defaults } = loaderData;
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const schema = referralSchema({ timeZone });
  const [form, fields] = useForm({
    id: "referral",
    lastResult: resultFor(actionData, "referral"),
    defaultValue: { idempotencyKey: defaults.referralKey, occurredAt: defaults.occurredAt, urgency: "urgent", hospital: referralHospitals[0] },
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <section aria-labelledby="referral-title" className={sectionClass}>
      <h2 id="referral-title" className="text-lg font-semibold">
        {t("care.referralTitle")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.referralKey} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.occurredAt} label={t("care.sentAt")} type="datetime-local" />
          <TextField meta={fields.hospital} label={t("care.hospital")} hint={t("care.hospitalHint")} autoComplete="off" />
          <SelectField
            meta={fields.urgency}
            label={t("care.urgency")}
            options={referralUrgencies.map((u) => ({ value: u, label: t(`care.urgency.${u}`) }))}
          />
        </div>
        <TextAreaField meta={fields.reason} label={t("care.reason")} />
        <SubmitButton intent="referral" pending={t("care.saving")}>
          {t("care.refer")}
        </SubmitButton>
      </Form>
    </section>
  );
}

function ReferralStatusForm({ id, status }: { id: number; status: (typeof referralStatuses)[number] }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="flex items-end gap-2">
      <input type="hidden" name="referralId" value={id} />
      <div>
        <label htmlFor={`referral-status-${id}`} className="block text-xs font-medium">
          {t("care.referralStatus")}
        </label>
        <select
          id={`referral-status-${id}`}
          name="status"
          defaultValue={status}
          className="mt-1 rounded border border-slate-400 bg-white px-2 py-1"
        >
          {referralStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`care.referralStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton
        intent="referralStatus"
        pending={t("care.saving")}
        className="rounded border border-brand-700 px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50"
      >
        {t("care.update")}
      </SubmitButton>
    </Form>
  );
}

function MoveForm({ loaderData }: { loaderData: LoaderData }) {
  const { destinations } = loaderData;
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: "move-case",
    lastResult: resultFor(actionData, "move"),
    constraint: getZodConstraint(moveCaseSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moveCaseSchema }),
  });
  return (
    <section aria-labelledby="move-title" className={sectionClass}>
      <h2 id="move-title" className="text-lg font-semibold">
        {t("care.moveTitle")}
      </h2>
      <p className="text-sm text-slate-700">{t("care.moveHint")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-wrap items-end gap-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          meta={fields.toFacility}
          label={t("care.destination")}
          options={[{ value: "", label: t("care.destinationPlaceholder") }, ...destinations.map((d) => ({ value: d.code, label: `${d.code} · ${d.name}` }))]}
          className="w-72"
        />
        <SubmitButton intent="move" pending={t("care.saving")}>
          {t("care.move")}
        </SubmitButton>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "care.caseTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
