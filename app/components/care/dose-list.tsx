// A case's vaccination history, with a form on each dose not given to correct its reason.
import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/form";
import { warningKeys } from "~/lib/domain/schedule";
import { useI18n } from "~/lib/i18n";

export interface DoseListRow {
  id: number;
  nameEs: string;
  nameEn: string;
  doseNumber: number;
  status: "given" | "not_given";
  occurredAt: string;
  lotNumber: string | null;
  notGivenReason: string;
  nextDueDate: string | null;
  warning: string;
  source: "here" | "card";
  place: string;
  country: string | null;
  cardLotNumber: string;
}

export function DoseList({ doses, reasonOptions }: { doses: DoseListRow[]; reasonOptions: { value: string; label: string }[] }) {
  const { t, tMaybe, locale, dateTime, date, day } = useI18n();
  const name = (v: { nameEs: string; nameEn: string }) => (locale === "en" ? v.nameEn : v.nameEs);
  return (
    <section aria-labelledby="doses-heading" className="mt-6">
      <h2 id="doses-heading" className="text-lg font-semibold">
        {t("vaccination.history")}
      </h2>
      {doses.length === 0 ? (
        <p className="text-slate-700">{t("vaccination.noDoses")}</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {doses.map((d) => (
            <li key={d.id} className="rounded bg-white p-3 shadow">
              <p className="font-medium">
                {name(d)} · {t("vaccination.doseN", { n: d.doseNumber })} · {d.source === "card" ? date(d.occurredAt) : dateTime(d.occurredAt)}
              </p>
              {d.status === "given" ? (
                <p className="text-sm">
                  {d.source === "card"
                    ? `${t("care.doseFromCard", { place: d.place, country: d.country ?? "—" })}${d.cardLotNumber ? ` · ${t("care.cardLot", { lot: d.cardLotNumber })}` : ""}`
                    : t("vaccination.givenFromLot", { lot: d.lotNumber ?? "" })}
                  {d.nextDueDate ? ` · ${t("vaccination.nextDue", { date: day(d.nextDueDate) })}` : ""}
                </p>
              ) : (
                <Form method="post" className="mt-1 flex flex-wrap items-end gap-2 text-sm">
                  <input type="hidden" name="doseId" value={d.id} />
                  <span>{t("vaccination.status.not_given")}:</span>
                  <label htmlFor={`reason-${d.id}`} className="sr-only">
                    {t("vaccination.notGivenReason")}
                  </label>
                  <select
                    id={`reason-${d.id}`}
                    name="notGivenReason"
                    defaultValue={d.notGivenReason}
                    className="rounded border border-slate-400 bg-white px-2 py-1"
                  >
                    {reasonOptions.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <SubmitButton
                    intent="change-reason"
                    pending={t("vaccination.saving")}
                    className="rounded bg-brand-700 px-3 py-1 font-semibold text-white hover:bg-brand-800 disabled:cursor-wait disabled:opacity-70"
                  >
                    {t("vaccination.changeReason")}
                  </SubmitButton>
                </Form>
              )}
              {warningKeys(d.warning).length ? (
                <p className="text-sm text-amber-900">
                  {warningKeys(d.warning)
                    .map((w) => tMaybe(w))
                    .join(" ")}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
