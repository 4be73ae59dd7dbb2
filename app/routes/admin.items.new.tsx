import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { listFacilityOptions } from "#db/facilities.server";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { createItem } from "~/lib/commands/save-item.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { itemSchema, itemValues, MAX_ITEM_SETTINGS } from "~/lib/schemas/stockops";
import { redirectWithFlash } from "~/lib/session.server";
import { itemFormDefaults, ItemForm } from "~/components/item-form";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

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
  const outcome = await createItem(getDb(), formActor(admin, context), itemValues(submission.value));
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }), { status: 400 });
  if (outcome.status !== "created") throw new Error(`unexpected outcome ${outcome.status}`);
  return redirectWithFlash("/admin/items", { kind: "success", message: "itemAdmin.created", params: { code: outcome.code } });
}

export default function NewItem() {
  const { facilities, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: "/admin/items", label: t("itemAdmin.backToList") }}
        title={t("itemAdmin.newTitle")}
      />
      <ItemForm mode="create" lastResult={lastResult} defaultValue={defaults} facilities={facilities} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "itemAdmin.newTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
