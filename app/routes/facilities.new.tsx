import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { FacilityForm } from "~/components/facility-form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { createFacility } from "~/lib/commands/facility.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { facilityCreateSchema } from "~/lib/schemas/facility";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "facility:manage");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "facility:manage");
  const submission = parseWithZod(await readForm(request), { schema: facilityCreateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  const outcome = await createFacility(getDb(), formActor(user, context), input);
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  return redirectWithFlash(`/facilities/${input.code}`, {
    kind: "success",
    message: "facilities.created",
    params: { code: input.code },
  });
}

export default function NewFacility() {
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl">
      <PageHeader title={t("facilities.newTitle")} />
      <FacilityForm mode="create" lastResult={lastResult} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "facilities.newTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
