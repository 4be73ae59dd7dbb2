import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listOpenCases, searchCases } from "#db/care.server";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { getDb } from "~/lib/db.server";
import { ageInMonths } from "~/lib/domain/care";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { dayOf } from "~/lib/time.server";
import { caseSearchSchema } from "~/lib/schemas/care";
import { addDays } from "~/lib/time";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Names are identifying: only health workers of the facility and admins (care:view).
  const { user, facility } = await requireFacility(request, context, params.code, "care:view");
  const parsed = caseSearchSchema.safeParse({ q: new URL(request.url).searchParams.get("q") ?? undefined });
  const q = parsed.success ? parsed.data.q : "";
  const db = getDb();
  const cases = q ? await searchCases(db, facility.id, q) : await listOpenCases(db, facility.id);
  // The list and a search both show names, birth dates and family groups: every read of care
  // records is audited, one entry per view (the page and its .data request share this loader).
  await recordCareRead(
    db,
    formActor(user, context),
    facility.id,
    q ? { of: "search", details: { query: q, results: cases.length } } : { of: "cases", details: { list: "open", results: cases.length } },
  );
  return {
    facility: { code: facility.code, name: facility.name },
    q,
    today: dayOf(new Date()),
    canRecord: can(user.role, "care:record") && user.facilityIds.includes(facility.id),
    cases,
  };
}

export default function CareCases() {
  const { facility, q, cases, canRecord, today } = useLoaderData<typeof loader>();
  const { t, day } = useI18n();
  const base = `/facilities/${facility.code}/care`;
  return (
    <div>
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}`} className="text-brand-700 underline">
          {t("common.backTo", { place: facility.name })}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-bold">{t("care.casesTitle", { facility: facility.name })}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to={`${base}/followup`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
            {t("care.followupLink")}
          </Link>
          {canRecord ? (
            <Link to={`${base}/new`} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
              {t("care.register")}
            </Link>
          ) : null}
        </div>
      </div>
      <Form method="get" role="search" className="mt-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="case-search" className="block text-sm font-medium">
            {t("care.searchLabel")}
          </label>
          <input
            id="case-search"
            type="search"
            name="q"
            defaultValue={q}
            autoComplete="off"
            className="mt-1 block w-72 rounded border border-slate-400 bg-white px-3 py-2"
          />
        </div>
        <button type="submit" className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
          {t("care.search")}
        </button>
      </Form>
      <h2 className="mt-6 text-lg font-semibold">{q ? t("care.searchResults", { q }) : t("care.openCases")}</h2>
      {cases.length === 0 ? (
        <p className="mt-2 text-slate-700">{q ? t("care.noResults") : t("care.noCases")}</p>
      ) : (
        <div className="mt-2 overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
          <table className="min-w-full bg-white text-sm shadow">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">{t("care.code")}</th>
                <th scope="col" className="px-3 py-2">{t("care.name")}</th>
                <th scope="col" className="px-3 py-2">{t("care.type")}</th>
                <th scope="col" className="px-3 py-2">{t("care.age")}</th>
                <th scope="col" className="px-3 py-2">{t("care.arrivalDate")}</th>
                <th scope="col" className="px-3 py-2">{t("care.familyGroup")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id} className="border-t border-slate-200">
                  <td className="px-3 py-2 font-mono">
                    <Link to={`${base}/${c.code}`} className="text-brand-700 underline">
                      {c.code}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{c.name || t("care.noName")}</td>
                  <td className="px-3 py-2">{c.pregnant ? t("care.typePregnancy") : t("care.typeChild")}</td>
                  <td className="px-3 py-2">{c.birthDate ? <AgeText birthDate={c.birthDate} estimated={c.birthDateEstimated} today={today} /> : "—"}</td>
                  <td className="px-3 py-2">{day(c.arrivalDate)}</td>
                  <td className="px-3 py-2">{c.familyGroup || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="fhir-title" className="mt-8">
        <h2 id="fhir-title" className="text-lg font-semibold">
          {t("care.fhir.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t("care.fhir.intro")}</p>
        {/* A plain form: the answer is a file to download, not a page for the router. */}
        <form method="get" action={`${base}/immunizations.json`} className="mt-2 flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="fhir-from" className="block text-sm font-medium">{t("care.fhir.from")}</label>
            <input id="fhir-from" type="date" name="from" required defaultValue={addDays(today, -29)} className="mt-1 block rounded border border-slate-400 bg-white px-3 py-2" />
          </div>
          <div>
            <label htmlFor="fhir-to" className="block text-sm font-medium">{t("care.fhir.to")}</label>
            <input id="fhir-to" type="date" name="to" required defaultValue={today} className="mt-1 block rounded border border-slate-400 bg-white px-3 py-2" />
          </div>
          <button type="submit" className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
            {t("care.fhir.download")}
          </button>
        </form>
      </section>
    </div>
  );
}

export function AgeText({ birthDate, estimated, today }: { birthDate: string; estimated: boolean; today: string }) {
  const { t } = useI18n();
  const months = Math.max(0, ageInMonths(birthDate, today));
  const text = months < 24 ? t("care.ageMonths", { months }) : t("care.ageYears", { years: Math.floor(months / 12) });
  return <>{estimated ? t("care.approx", { value: text }) : text}</>;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "care.casesTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
