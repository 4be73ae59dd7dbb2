// The care summary card a person carries onward (decision 010), in the language they read: the
// vaccines, the last nutrition screening, antenatal care and referrals. Printed on its own.
import type { SerializeFrom } from "@remix-run/node";
import type { SummaryCard as SummaryCardData } from "~/lib/care-summary.server";
import { summaryIntlTag, summaryTranslate, summaryTranslationStatus, type SummaryKey, type SummaryLocale } from "~/lib/i18n/summary";
import { dayFormat, numberFormat } from "~/lib/intl";

function useCard(lang: SummaryLocale) {
  const tag = summaryIntlTag[lang];
  return {
    s: (key: SummaryKey, params?: Record<string, string | number>) => summaryTranslate(lang, key, params),
    // The card travels through five countries: a month name is read the same in all of them.
    day: (ymd: string) => dayFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${ymd}T12:00:00Z`)),
    number: (n: number) => numberFormat(tag).format(n),
  };
}

export function SummaryCard({ card }: { card: SerializeFrom<SummaryCardData> }) {
  const { facility, lang, today, person, doses, nutrition, antenatal, referrals, qr } = card;
  const { s, day, number } = useCard(lang);
  const section = "mt-4 break-inside-avoid";
  const h2 = "text-lg font-bold border-b border-slate-300 print:text-base";
  const cell = "px-2 py-1";
  const yesNo = (v: boolean | null) => (v == null ? "—" : v ? s("summary.yes") : s("summary.no"));
  return (
    <article
      lang={lang}
      data-testid="care-summary"
      className="mx-auto mt-4 max-w-3xl rounded-lg border-2 border-slate-800 bg-white p-6 text-slate-900 print:mt-0 print:max-w-none print:rounded-none print:border-0 print:p-0 print:text-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{s("summary.title")}</h1>
          <p className="text-sm">{s("summary.issuedAt", { facility: facility.name, date: day(today) })}</p>
          {summaryTranslationStatus[lang].needsReview ? (
            <p className="mt-1 text-xs italic text-slate-700" data-testid="review-pending">{s("summary.reviewPending")}</p>
          ) : null}
        </div>
        <div className="rounded border-2 border-slate-900 px-4 py-2 text-center">
          <p className="text-xs font-semibold uppercase tracking-wide">{s("summary.code")}</p>
          <p className="font-mono text-4xl font-bold tracking-widest" data-testid="case-code">{person.code}</p>
        </div>
      </div>
      {qr ? (
        <figure className="mt-3 flex flex-wrap items-center gap-3 break-inside-avoid">
          {/* Server-made SVG of the doses (app/lib/immunization-qr.server.ts): only our own markup. */}
          <div
            role="img"
            aria-label={s("summary.qr")}
            data-testid="immunization-qr"
            className="w-44 shrink-0 bg-white print:w-[60mm] [&>svg]:block [&>svg]:h-auto [&>svg]:w-full"
            dangerouslySetInnerHTML={{ __html: qr.svg }}
          />
          <figcaption className="min-w-0 flex-1 basis-40 text-sm">
            <p>{s("summary.qr")}</p>
            {qr.included < qr.total ? <p className="mt-1 font-semibold">{s("summary.qrPartial", { n: qr.included, total: qr.total })}</p> : null}
          </figcaption>
        </figure>
      ) : null}
      <p className="mt-3 rounded bg-slate-100 px-3 py-2 font-semibold print:bg-transparent print:px-0">{s("summary.lookUp")}</p>

      <section className={section} aria-labelledby="summary-person">
        <h2 id="summary-person" className={h2}>{s("summary.person")}</h2>
        <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
          {person.name ? (
            <div className="col-span-2">
              <dt className="text-xs text-slate-700">{s("summary.person")}</dt>
              <dd className="font-semibold">{person.name}</dd>
            </div>
          ) : null}
          <div>
            <dt className="text-xs text-slate-700">{s("summary.sex")}</dt>
            <dd>{s(`summary.sex.${person.sex}`)}</dd>
          </div>
          {person.birthDate ? (
            <div>
              <dt className="text-xs text-slate-700">{s("summary.birthDate")}</dt>
              <dd>
                {day(person.birthDate)} {person.birthDateEstimated ? s("summary.estimated") : null}
              </dd>
            </div>
          ) : null}
          <div>
            <dt className="text-xs text-slate-700">{s("summary.arrival")}</dt>
            <dd>{day(person.arrivalDate)}</dd>
          </div>
        </dl>
      </section>

      <section className={section} aria-labelledby="summary-vaccines">
        <h2 id="summary-vaccines" className={h2}>{s("summary.vaccines")}</h2>
        {doses.length === 0 ? (
          <p className="mt-2">{s("summary.noVaccines")}</p>
        ) : (
          <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700 print:overflow-visible" tabIndex={0}>
          <table className="mt-2 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className={cell}>{s("summary.vaccine")}</th>
                <th scope="col" className={cell}>{s("summary.dose")}</th>
                <th scope="col" className={cell}>{s("summary.date")}</th>
                <th scope="col" className={cell}>{s("summary.lot")}</th>
                <th scope="col" className={cell}>{s("summary.nextDue")}</th>
              </tr>
            </thead>
            <tbody>
              {doses.map((d, i) => (
                <tr key={i} className="border-b border-slate-200">
                  <td className={cell}>
                    {d.vaccine}
                    {d.fromCard ? <span className="whitespace-nowrap"> {s("summary.fromCard")}</span> : null}
                  </td>
                  <td className={`${cell} tabular-nums`}>{number(d.doseNumber)}</td>
                  <td className={`${cell} whitespace-nowrap`}>{day(d.day)}</td>
                  <td className={`${cell} font-mono`}>{d.lotNumber}</td>
                  <td className={`${cell} whitespace-nowrap`}>{d.nextDueDate ? day(d.nextDueDate) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>

      {!person.pregnant || nutrition ? (
        <section className={section} aria-labelledby="summary-nutrition">
          <h2 id="summary-nutrition" className={h2}>{s("summary.nutrition")}</h2>
          {nutrition ? (
            <div className="mt-2">
              <p className="font-semibold" data-testid="nutrition-status">
                {nutrition.nutrition ? s(`summary.nutrition.${nutrition.nutrition}`) : "—"}
              </p>
              <p className="text-sm">{s("summary.screenedOn", { date: day(nutrition.day) })}</p>
              <dl className="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
                {nutrition.muacMm != null ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.muac")}</dt>
                    <dd>{number(nutrition.muacMm)} mm</dd>
                  </div>
                ) : null}
                {nutrition.oedema ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.oedema")}</dt>
                    <dd>{s("summary.yes")}</dd>
                  </div>
                ) : null}
                {nutrition.weightKg != null ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.weight")}</dt>
                    <dd>{number(nutrition.weightKg)} kg</dd>
                  </div>
                ) : null}
                {nutrition.heightCm != null ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.height")}</dt>
                    <dd>{number(nutrition.heightCm)} cm</dd>
                  </div>
                ) : null}
                {nutrition.rutfSachetsPerDay != null ? (
                  <div className="col-span-2">
                    <dt className="text-xs text-slate-700">{s("summary.rutf")}</dt>
                    <dd>{s("summary.rutfPerDay", { n: nutrition.rutfSachetsPerDay })}</dd>
                  </div>
                ) : null}
              </dl>
            </div>
          ) : (
            <p className="mt-2">{s("summary.nutrition.none")}</p>
          )}
        </section>
      ) : null}

      {person.pregnant || antenatal ? (
        <section className={section} aria-labelledby="summary-antenatal">
          <h2 id="summary-antenatal" className={h2}>{s("summary.antenatal")}</h2>
          <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
            {person.estimatedDueDate ? (
              <div>
                <dt className="text-xs text-slate-700">{s("summary.dueDate")}</dt>
                <dd className="font-semibold">{day(person.estimatedDueDate)}</dd>
              </div>
            ) : null}
            {antenatal ? (
              <>
                {antenatal.gestationalWeeks != null ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.gestation")}</dt>
                    <dd>{s("summary.weeks", { n: antenatal.gestationalWeeks })}</dd>
                  </div>
                ) : null}
                <div>
                  <dt className="text-xs text-slate-700">{s("summary.contacts")}</dt>
                  <dd>{number(antenatal.contacts)}</dd>
                </div>
                {antenatal.systolic != null && antenatal.diastolic != null ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.bloodPressure")}</dt>
                    <dd>{`${antenatal.systolic}/${antenatal.diastolic} mmHg`}</dd>
                  </div>
                ) : null}
                {antenatal.haemoglobinGL != null ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.haemoglobin")}</dt>
                    <dd>{`${number(antenatal.haemoglobinGL)} g/L`}</dd>
                  </div>
                ) : null}
                <div>
                  <dt className="text-xs text-slate-700">{s("summary.anaemia")}</dt>
                  <dd>{yesNo(antenatal.anaemia)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-700">{s("summary.td")}</dt>
                  <dd>{yesNo(antenatal.tdGiven)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-700">{s("summary.ironFolic")}</dt>
                  <dd>{yesNo(antenatal.ironFolicGiven)}</dd>
                </div>
                {antenatal.nextContactDate ? (
                  <div>
                    <dt className="text-xs text-slate-700">{s("summary.nextContact")}</dt>
                    <dd className="font-semibold">{day(antenatal.nextContactDate)}</dd>
                  </div>
                ) : null}
              </>
            ) : null}
          </dl>
          {!antenatal ? <p className="mt-2">{s("summary.antenatal.none")}</p> : null}
        </section>
      ) : null}

      <section className={section} aria-labelledby="summary-referrals">
        <h2 id="summary-referrals" className={h2}>{s("summary.referrals")}</h2>
        {referrals.length === 0 ? (
          <p className="mt-2">{s("summary.referrals.none")}</p>
        ) : (
          <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700 print:overflow-visible" tabIndex={0}>
          <table className="mt-2 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className={cell}>{s("summary.date")}</th>
                <th scope="col" className={cell}>{s("summary.hospital")}</th>
                <th scope="col" className={cell}>{s("summary.urgency")}</th>
                <th scope="col" className={cell}>{s("summary.reason")}</th>
                <th scope="col" className={cell}>{s("summary.status")}</th>
              </tr>
            </thead>
            <tbody>
              {referrals.map((r, i) => (
                <tr key={i} className="border-b border-slate-200">
                  <td className={`${cell} whitespace-nowrap`}>{day(r.day)}</td>
                  <td className={cell}>{r.hospital}</td>
                  <td className={cell}>{s(`summary.urgency.${r.urgency}`)}</td>
                  <td className={cell}>{r.reason}</td>
                  <td className={cell}>{s(`summary.status.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>

      <p className="mt-6 border-t border-slate-300 pt-2 text-sm">{s("summary.keep")}</p>
    </article>
  );
}
