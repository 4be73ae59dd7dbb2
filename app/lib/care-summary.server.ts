// What the care summary card shows of a case (decision 010), read at the facility and shaped for
// the card: days on the facilities' clock, vaccine names in the card's language.
import { getSummaryDetails, type getSummaryCase } from "#db/care-reports.server";
import type { Db } from "#db/types";
import type { SummaryLocale } from "./i18n/summary";
import { immunizationQr } from "./immunization-qr.server";
import { zonedDay } from "./time";

type SummaryPerson = NonNullable<Awaited<ReturnType<typeof getSummaryCase>>>;

export async function loadSummaryCard(
  db: Db,
  facility: { id: number; code: string; name: string },
  person: SummaryPerson,
  lang: SummaryLocale,
  timeZone: string,
) {
  const details = await getSummaryDetails(db, facility.id, person.id);
  // The doses as a QR code the next station reads offline (most recent first when they do not all fit).
  const qr = details.doses.length
    ? await immunizationQr(
        person.code,
        details.doses.map((d) => ({
          itemCode: d.itemCode,
          doseNumber: d.doseNumber,
          day: zonedDay(d.occurredAt, timeZone),
          lotNumber: d.source === "card" ? d.cardLotNumber : (d.lotNumber ?? ""),
          fromCard: d.source === "card",
        })),
      )
    : null;
  return {
    qr: qr ? { svg: qr.svg, included: qr.included, total: qr.total } : null,
    facility: { code: facility.code, name: facility.name },
    lang,
    timeZone,
    today: zonedDay(new Date(), timeZone),
    person: {
      code: person.code,
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      birthDateEstimated: person.birthDateEstimated,
      pregnant: person.pregnant,
      estimatedDueDate: person.estimatedDueDate,
      arrivalDate: person.arrivalDate,
    },
    doses: details.doses.map((d) => ({
      vaccine: lang === "es" ? d.itemNameEs : d.itemNameEn,
      doseNumber: d.doseNumber,
      day: zonedDay(d.occurredAt, timeZone),
      lotNumber: d.source === "card" ? d.cardLotNumber : (d.lotNumber ?? ""),
      nextDueDate: d.nextDueDate,
      /** Given elsewhere, copied from a card: the card marks it "(carné)". */
      fromCard: d.source === "card",
    })),
    nutrition: details.nutrition
      ? { ...details.nutrition, day: zonedDay(details.nutrition.occurredAt, timeZone), occurredAt: undefined }
      : null,
    antenatal: details.antenatal
      ? { ...details.antenatal, day: zonedDay(details.antenatal.occurredAt, timeZone), occurredAt: undefined }
      : null,
    referrals: details.referrals.map((r) => ({ ...r, day: zonedDay(r.sentAt, timeZone), sentAt: undefined })),
  };
}
export type SummaryCard = Awaited<ReturnType<typeof loadSummaryCard>>;
