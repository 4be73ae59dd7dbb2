import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { appendAudit } from "#db/audit.server";
import { insertItem, replaceItemNorms, upsertItemFacilitySetting } from "#db/catalogue.server";
import { listFacilityOptions } from "#db/facilities.server";
import { auditActor, requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { itemSchema, itemValues, MAX_ITEM_SETTINGS } from "~/lib/schemas/stockops";
import { redirectWithFlash } from "~/lib/session.server";
import { changedSettings, itemFormDefaults, ItemForm } from "~/components/item-form";
import { readForm } from "~/lib/form-data.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "catalogue:manage");
  const facilities = await listFacilityOptions(getDb());
  return {
    facilities: facilities.map(({ code, name }) => ({ code, name })),
    defaults: itemFormDefaults(facilities),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "catalogue:manage");
  const submission = parseWithZod(await readForm(request, { maxRows: MAX_ITEM_SETTINGS }), { schema: itemSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { item, norms, settings } = itemValues(submission.value);
  const facilities = await listFacilityOptions(getDb());
  const changes = changedSettings(settings, facilities);
  if (!changes) return data(submission.reply({ formErrors: ["validation.choice"] }), { status: 400 });
  const id = await getDb().transaction(async (tx) => {
    const created = await insertItem(tx, item);
    if (!created) return undefined;
    await replaceItemNorms(tx, created, norms);
    for (const change of changes) await upsertItemFacilitySetting(tx, { itemId: created, ...change });
    await appendAudit(tx, auditActor(admin, context), {
      action: "create",
      entity: "item",
      entityId: item.code,
      changes: { ...item, norms, settings: changes.map(({ facility, leadTimeDays, safetyStockDays }) => ({ facility, leadTimeDays, safetyStockDays })) },
    });
    return created;
  });
  if (!id) return data(submission.reply({ fieldErrors: { code: ["itemAdmin.codeTaken"] } }), { status: 400 });
  return redirectWithFlash("/admin/items", { kind: "success", message: "itemAdmin.created", params: { code: item.code } });
}

export default function NewItem() {
  const { facilities, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl">
      <p className="text-sm">
        <Link to="/admin/items" className="text-brand-700 underline">
          {t("itemAdmin.backToList")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("itemAdmin.newTitle")}</h1>
      <ItemForm mode="create" lastResult={lastResult} defaultValue={defaults} facilities={facilities} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "itemAdmin.newTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
