import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
import { PageHeader } from "~/components/ui/page-header";
import { Button, ButtonLink } from "~/components/ui/button";
import { DataTable } from "~/components/ui/data-table";
import { FilterForm, FilterInput } from "~/components/ui/filter-form";

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
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("care.casesTitle", { facility: facility.name })}
        actions={
          <>
            <ButtonLink variant="secondary" to={`${base}/followup`}>
              {t("care.followupLink")}
            </ButtonLink>
            {canRecord ? <ButtonLink to={`${base}/new`}>{t("care.register")}</ButtonLink> : null}
          </>
        }
      />
      <FilterForm search card={false} submitLabel={t("care.search")} className="mt-4 flex flex-wrap items-end gap-2">
        <FilterInput id="case-search" type="search" name="q" label={t("care.searchLabel")} value={q} autoComplete="off" width="w-72 max-w-full" />
      </FilterForm>
      <h2 className="mt-6 text-lg font-semibold">{q ? t("care.searchResults", { q }) : t("care.openCases")}</h2>
      <DataTable
        className="mt-2"
        isEmpty={cases.length === 0}
        empty={<span className="text-slate-700">{q ? t("care.noResults") : t("care.noCases")}</span>}
        columns={[
          { label: t("care.code") },
          { label: t("care.name") },
          { label: t("care.type") },
          { label: t("care.age") },
          { label: t("care.arrivalDate") },
          { label: t("care.familyGroup") },
        ]}
      >
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
      </DataTable>
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
          <Button type="submit" variant="secondary">
            {t("care.fhir.download")}
          </Button>
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
