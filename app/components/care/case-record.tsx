// What the case page shows of a case: its details, the referral alert, and its history of
// encounters, doses and referrals. Read-only, apart from each referral's status form.
import { ageInMonths, childDangerSigns, gestationalWeeks, pregnancyDangerSigns, trimester, type NutritionClass } from "~/lib/domain/care";
import { useI18n } from "~/lib/i18n";
import type { referralStatuses, referralUrgencies, sexes } from "~/lib/schemas/care";
import { ReferralStatusForm } from "./referral-forms";
import { sectionClass } from "./section";

export interface CaseDetailsData {
  name: string;
  documentNumber: string;
  sex: (typeof sexes)[number];
  birthDate: string | null;
  birthDateEstimated: boolean;
  nationalityName: string | null;
  familyGroup: string;
  arrivalDate: string;
  status: "open" | "closed";
  pregnant: boolean;
  lastMenstrualPeriod: string | null;
  estimatedDueDate: string | null;
}

export function CaseDetails({ careCase, today }: { careCase: CaseDetailsData; today: string }) {
  const { t, day } = useI18n();
  const months = careCase.birthDate ? Math.max(0, ageInMonths(careCase.birthDate, today)) : null;
  const weeksToday = careCase.pregnant && careCase.lastMenstrualPeriod ? gestationalWeeks(careCase.lastMenstrualPeriod, today) : null;
  const ageText =
    months === null ? "—" : months < 24 ? t("care.ageMonths", { months }) : t("care.ageYears", { years: Math.floor(months / 12) });
  return (
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
              ? `${careCase.birthDateEstimated ? t("care.approx", { value: ageText }) : ageText} · ${t("care.born", {
                  date: day(careCase.birthDate),
                })}`
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
  );
}

/** The latest encounter had danger signs: refer now, with a link to the form for those who record. */
export function ReferNowAlert({ canRecord }: { canRecord: boolean }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="mt-6 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
      <p className="font-semibold">{t("care.referNow")}</p>
      <p className="text-sm">{t("care.referNowHint")}</p>
      {canRecord ? (
        <a href="#referral-title" className="text-sm font-semibold underline">
          {t("care.referNowLink")}
        </a>
      ) : null}
    </div>
  );
}

export interface EncounterRow {
  id: number;
  occurredAt: Date;
  kind: "child" | "antenatal";
  facilityCode: string;
  weightKg: number | null;
  heightCm: number | null;
  muacMm: number | null;
  oedema: boolean | null;
  nutrition: NutritionClass | null;
  rutfSachetsPerDay: number | null;
  gestationalWeeks: number | null;
  systolic: number | null;
  diastolic: number | null;
  haemoglobinGL: number | null;
  anaemia: boolean | null;
  tdGiven: boolean | null;
  ironFolicGiven: boolean | null;
  contactNumber: number | null;
  nextContactDate: string | null;
  dangerSigns: string[];
  notes: string;
}

export function EncounterHistory({ encounters }: { encounters: EncounterRow[] }) {
  const { t, day, number, dateTime } = useI18n();
  return (
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
  );
}

export interface DoseRow {
  id: number;
  occurredAt: Date;
  itemName: string;
  doseNumber: number;
  status: "given" | "not_given";
  lotNumber: string | null;
  notGivenReason: string;
  nextDueDate: string | null;
  /** here: drawn from this facility's stock; card: given elsewhere, copied from a card. */
  source: "here" | "card";
  place: string;
  countryName: string | null;
  cardLotNumber: string;
}

export function DoseHistory({ doses }: { doses: DoseRow[] }) {
  const { t, day, date, dateTime } = useI18n();
  return (
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
              {/* A card gives the day only: no time is made up for it. */}
              {d.source === "card" ? date(d.occurredAt) : dateTime(d.occurredAt)} · {d.itemName} · {t("care.doseNumber", { n: d.doseNumber })} ·{" "}
              {d.source === "card"
                ? `${t("care.doseFromCard", { place: d.place, country: d.countryName ?? "—" })}${d.cardLotNumber ? ` · ${t("care.cardLot", { lot: d.cardLotNumber })}` : ""}`
                : d.status === "given"
                  ? t("care.doseGiven", { lot: d.lotNumber ?? "—" })
                  : t("care.doseNotGiven", { reason: d.notGivenReason || "—" })}
              {d.nextDueDate ? ` · ${t("care.nextDue", { date: day(d.nextDueDate) })}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface ReferralRow {
  id: number;
  hospital: string;
  urgency: (typeof referralUrgencies)[number];
  status: (typeof referralStatuses)[number];
  reason: string;
  sentAt: Date;
}

export function ReferralList({ referrals, canRecord }: { referrals: ReferralRow[]; canRecord: boolean }) {
  const { t, dateTime } = useI18n();
  return (
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
