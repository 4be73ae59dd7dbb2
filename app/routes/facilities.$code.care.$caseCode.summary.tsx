import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSummaryCase } from "#db/care-reports.server";
import { SummaryCard } from "~/components/care/summary-card";
import { notFound, requireFacility } from "~/lib/auth.server";
import { loadSummaryCard } from "~/lib/care-summary.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { getDb } from "~/lib/db.server";
import { normaliseCaseCode } from "~/lib/domain/care";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { isSummaryLocale, summaryLocales, summaryTranslate, type SummaryLocale } from "~/lib/i18n/summary";
import { pageTitle } from "~/lib/meta";
import { resolveLocale } from "~/lib/session.server";

/**
 * The care summary card a person carries onward: health workers and admins of the facility
 * (care:view) only; every view is in the audit log, since the card shows the person's care.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:view");
  const code = normaliseCaseCode(params.caseCode ?? "");
  if (!/^[A-HJ-NP-Z2-9]{8}$/.test(code)) notFound();
  const db = getDb();
  const person = await getSummaryCase(db, facility.id, code);
  if (!person) notFound();
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  const lang: SummaryLocale = isSummaryLocale(asked) ? asked : await resolveLocale(request, user);
  const card = await loadSummaryCard(db, facility, person, lang, env().ALBERGUE_TIME_ZONE);
  await recordCareRead(db, formActor(user, context), facility.id, { of: "case", caseId: person.id, details: { view: "summary", lang } });
  return card;
}

export default function CareSummary() {
  const card = useLoaderData<typeof loader>();
  const { person, lang } = card;
  const { t } = useI18n();
  return (
    // When this card is on the page and it is printed, the application's header is hidden and the
    // page margins go: only the card is printed (Tailwind arbitrary variants on the card's parents).
    <div className="print:[body:has(&)>div>header]:hidden print:[body:has(&)_main]:max-w-none print:[body:has(&)_main]:p-0">
      <div className="print:hidden">
        <p className="text-sm">
          <Link to={`/facilities/${card.facility.code}/care/${person.code}`} className="text-brand-700 underline">
            {t("carefollow.summary.back", { code: person.code })}
          </Link>
        </p>
        <nav aria-label={summaryTranslate(lang, "summary.languages")} className="mt-3 flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium">{t("carefollow.summary.language")}</span>
          {summaryLocales.map((code) => (
            <a
              key={code}
              href={`?lang=${code}`}
              lang={code}
              hrefLang={code}
              aria-current={code === lang ? "page" : undefined}
              className={`rounded px-3 py-1 text-sm ${code === lang ? "bg-brand-700 font-semibold text-white" : "border border-brand-700 text-brand-700 underline"}`}
            >
              {summaryTranslate(code, "summary.languageName")}
            </a>
          ))}
          <span className="text-sm text-slate-700">{t("carefollow.summary.printHint")}</span>
        </nav>
      </div>

      <SummaryCard card={card} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "carefollow.summary.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
