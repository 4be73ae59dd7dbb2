import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { listOpenVials } from "#db/vaccination.server";
import { SubmitButton } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { closeExpiredVials } from "~/lib/commands/close-open-vials.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { redirectWithFlash } from "~/lib/session.server";
import { PageHeader } from "~/components/ui/page-header";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "care:record");
  const now = new Date();
  const vials = await listOpenVials(getDb(), facility.id);
  return {
    facility: { code: facility.code, name: facility.name },
    now: now.toISOString(),
    vials: vials.map((v) => ({
      ...v,
      openedAt: v.openedAt.toISOString(),
      discardAt: v.discardAt.toISOString(),
      pastDiscard: v.discardAt.getTime() <= now.getTime(),
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:record");
  const closed = await closeExpiredVials(getDb(), formActor(user, context), { now: new Date(), facilityId: facility.id });
  return redirectWithFlash(`/facilities/${facility.code}/care/vials`, {
    kind: "success",
    message: "vaccination.vials.closed",
    params: { vials: closed.vials.length, doses: closed.writtenOff },
  });
}

export default function OpenVials() {
  const { facility, vials } = useLoaderData<typeof loader>();
  const { t, locale, dateTime, number, day } = useI18n();
  const pastDue = vials.filter((v) => v.pastDiscard).length;
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/care`, label: t("vaccination.vials.back", { facility: facility.name }) }}
        title={t("vaccination.vials.title")}
        intro={t("vaccination.vials.intro")}
      />
      {vials.length === 0 ? (
        <p className="mt-4">{t("vaccination.vials.none")}</p>
      ) : (
        <table className="mt-4 w-full rounded-lg bg-white text-left text-sm shadow">
          <caption className="sr-only">{t("vaccination.vials.title")}</caption>
          <thead>
            <tr>
              <th scope="col" className="px-3 py-2">{t("vaccination.vaccine")}</th>
              <th scope="col" className="px-3 py-2">{t("vaccination.vials.lot")}</th>
              <th scope="col" className="px-3 py-2">{t("vaccination.vials.opened")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("vaccination.vials.dosesLeft")}</th>
              <th scope="col" className="px-3 py-2">{t("vaccination.vials.discardAt")}</th>
            </tr>
          </thead>
          <tbody>
            {vials.map((v) => (
              <tr key={v.id} className={`border-t border-slate-200 ${v.pastDiscard ? "bg-red-50" : ""}`}>
                <th scope="row" className="px-3 py-2 font-medium">
                  {locale === "en" ? v.nameEn : v.nameEs} <span className="text-slate-600">({v.itemCode})</span>
                </th>
                <td className="px-3 py-2">
                  {v.lotNumber}
                  {v.expiry ? ` · ${day(v.expiry)}` : ""}
                </td>
                <td className="px-3 py-2">{dateTime(v.openedAt)}</td>
                <td className="px-3 py-2 text-right">
                  {number(v.dosesLeft)} / {number(v.dosesPerVial)}
                </td>
                <td className="px-3 py-2">
                  {dateTime(v.discardAt)}
                  {v.pastDiscard ? <strong className="ml-1 text-red-800">{t("vaccination.vials.pastDiscard")}</strong> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="mt-4">
        <p className="mb-2 text-sm">{t("vaccination.vials.closeHint", { count: pastDue })}</p>
        <SubmitButton pending={t("vaccination.saving")}>{t("vaccination.vials.closeNow")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "vaccination.vials.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
