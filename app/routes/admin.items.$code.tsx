import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getItemByCode, listNormsOfItem, listSettingsOfItem } from "#db/catalogue.server";
import { listFacilityOptions } from "#db/facilities.server";
import { notFound, requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { editItem } from "~/lib/commands/save-item.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { itemSchema, itemValues, MAX_ITEM_SETTINGS } from "~/lib/schemas/stockops";
import { redirectWithFlash } from "~/lib/session.server";
import { ItemForm, itemFormDefaults } from "~/components/item-form";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

async function loadItem(code: string | undefined) {
  if (!code || !/^[A-Z0-9-]{2,20}$/.test(code)) notFound();
  const item = await getItemByCode(getDb(), code);
  if (!item) notFound();
  return item;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "catalogue:manage");
  const item = await loadItem(params.code);
  const db = getDb();
  const [facilities, norms, settings] = await Promise.all([listFacilityOptions(db), listNormsOfItem(db, item.id), listSettingsOfItem(db, item.id)]);
  return {
    item: { code: item.code, nameEs: item.nameEs, nameEn: item.nameEn },
    facilities: facilities.map(({ code, name }) => ({ code, name })),
    defaults: itemFormDefaults(facilities, item, norms, settings),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "catalogue:manage");
  const before = await loadItem(params.code);
  const submission = parseWithZod(await readForm(request, { maxRows: MAX_ITEM_SETTINGS }), { schema: itemSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await editItem(getDb(), formActor(admin, context), before.code, itemValues(submission.value));
  if (outcome.status === "not-found") notFound();
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }), { status: 400 });
  return redirectWithFlash("/admin/items", { kind: "success", message: "itemAdmin.updated", params: { code: before.code } });
}

export default function EditItem() {
  const { item, facilities, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: "/admin/items", label: t("itemAdmin.backToList") }}
        title={t("itemAdmin.editTitle", { name: locale === "en" ? item.nameEn : item.nameEs })}
      />
      <p className="font-mono text-sm text-slate-700">{item.code}</p>
      <ItemForm mode="update" lastResult={lastResult} defaultValue={defaults} facilities={facilities} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "itemAdmin.editTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
