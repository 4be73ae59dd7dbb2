import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listCountSheets } from "#db/counts.server";
import { SubmitButton } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { openCountSheet } from "~/lib/commands/count-sheet.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { DataTable } from "~/components/ui/data-table";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const sheets = await listCountSheets(getDb(), facility.id);
  return {
    facility: { code: facility.code, name: facility.name },
    canRecord: can(user.role, "stock:record"),
    draft: sheets.find((s) => s.status === "draft"),
    submitted: sheets.filter((s) => s.status === "submitted"),
  };
}

/** intent=open: opens the facility's count sheet, or continues the draft there is. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const form = await readForm(request);
  if (form.get("intent") !== "open") return data({ formErrors: ["validation.choice"] }, { status: 400 });
  const { sheetId } = await openCountSheet(getDb(), formActor(user, context), facility.id);
  return redirect(`/facilities/${facility.code}/stock/counts/${sheetId}`);
}

export default function Counts() {
  const { facility, canRecord, draft, submitted } = useLoaderData<typeof loader>();
  const { t, dateTime, relative } = useI18n();
  const base = `/facilities/${facility.code}/stock/counts`;
  return (
    <div>
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock`, label: t("stockops.backToStock", { place: facility.name }) }}
        title={t("countSheet.listTitle", { facility: facility.name })}
      />
      <p className="mt-1 max-w-3xl text-slate-700">{t("countSheet.listIntro")}</p>
      <div className="mt-4 rounded-lg bg-white p-4 shadow">
        {draft ? (
          <p>
            {t("countSheet.draftOpen", { when: relative(draft.createdAt), who: draft.createdBy ?? "—" })}{" "}
            <Link to={`${base}/${draft.id}`} className="font-medium text-brand-700 underline">
              {t("countSheet.seeDraft")}
            </Link>
          </p>
        ) : (
          <p>{t("countSheet.noDraft")}</p>
        )}
        {canRecord ? (
          <Form method="post" className="mt-3">
            <SubmitButton intent="open" pending={t("countSheet.opening")}>
              {draft ? t("countSheet.continue") : t("countSheet.open")}
            </SubmitButton>
          </Form>
        ) : null}
      </div>
      <section aria-labelledby="submitted-counts" className="mt-6">
        <h2 id="submitted-counts" className="text-lg font-semibold">{t("countSheet.submittedTitle")}</h2>
        <DataTable
          className="mt-2"
          isEmpty={submitted.length === 0}
          empty={<span className="text-slate-700">{t("countSheet.noneSubmitted")}</span>}
          caption={t("countSheet.submittedTitle")}
          columns={[
            { label: t("countSheet.number") },
            { label: t("countSheet.submittedAt") },
            { label: t("countSheet.openedBy") },
          ]}
        >
          {submitted.map((s) => (
            <tr key={s.id} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 font-medium">
                <Link to={`${base}/${s.id}`} className="text-brand-700 underline">
                  {t("countSheet.sheet", { id: s.id })}
                </Link>
              </th>
              <td className="whitespace-nowrap px-3 py-2">
                {s.submittedAt ? (
                  <>
                    {dateTime(s.submittedAt)} <span className="text-xs text-slate-700">({relative(s.submittedAt)})</span>
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td className="px-3 py-2">{s.createdBy ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "countSheet.listTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
