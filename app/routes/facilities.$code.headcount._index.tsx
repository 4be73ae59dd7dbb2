import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listHeadcountSheets } from "#db/headcount.server";
import { SubmitButton } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { openHeadcount } from "~/lib/commands/headcount.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "population:record");
  const sheets = await listHeadcountSheets(getDb(), facility.id);
  return {
    facility: { code: facility.code, name: facility.name },
    draft: sheets.find((s) => s.status === "draft"),
    submitted: sheets.filter((s) => s.status === "submitted"),
  };
}

/** intent=open: opens the facility's headcount sheet, or continues the draft there is. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:record");
  const form = await readForm(request);
  if (form.get("intent") !== "open") return data({ formErrors: ["validation.choice"] }, { status: 400 });
  const { sheetId } = await openHeadcount(getDb(), formActor(user, context), facility.id);
  return redirect(`/facilities/${facility.code}/headcount/${sheetId}`);
}

export default function Headcounts() {
  const { facility, draft, submitted } = useLoaderData<typeof loader>();
  const { t, dateTime, relative, number } = useI18n();
  const base = `/facilities/${facility.code}/headcount`;
  const signed = (n: number) => (n > 0 ? `+${number(n)}` : n < 0 ? `−${number(-n)}` : number(0));
  return (
    <div>
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("headcount.backToFacility", { place: facility.name }) }}
        title={t("headcount.listTitle", { facility: facility.name })}
      />
      <p className="mt-1 max-w-3xl text-slate-700">{t("headcount.listIntro")}</p>
      <div className="mt-4 rounded-lg bg-white p-4 shadow">
        {draft ? (
          <p>
            {t("headcount.draftOpen", { when: relative(draft.openedAt), who: draft.openedBy ?? "—" })}{" "}
            <Link to={`${base}/${draft.id}`} className="font-medium text-brand-700 underline">
              {t("headcount.seeDraft")}
            </Link>
          </p>
        ) : (
          <p>{t("headcount.noDraft")}</p>
        )}
        <Form method="post" className="mt-3">
          <SubmitButton intent="open" pending={t("headcount.opening")}>
            {draft ? t("headcount.continue") : t("headcount.open")}
          </SubmitButton>
        </Form>
      </div>
      <section aria-labelledby="submitted-headcounts" className="mt-6">
        <h2 id="submitted-headcounts" className="text-lg font-semibold">{t("headcount.submittedTitle")}</h2>
        {submitted.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("headcount.noneSubmitted")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg bg-white shadow">
            {submitted.map((s) => (
              <li key={s.id} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-3 py-2 text-sm">
                <Link to={`${base}/${s.id}`} className="font-medium text-brand-700 underline">
                  {t("headcount.sheet", { id: s.id })}
                </Link>
                <span>{s.submittedAt ? dateTime(s.submittedAt) : "—"}</span>
                <span>{s.openedBy ?? "—"}</span>
                <span className="tabular-nums">{t("headcount.differenceTotal", { difference: signed(s.difference ?? 0) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "headcount.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
