import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { FacilityForm } from "~/components/facility-form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { updateFacility } from "~/lib/commands/facility.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { facilityUpdateSchema } from "~/lib/schemas/facility";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "facility:manage");
  return { facility };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "facility:manage");
  const submission = parseWithZod(await readForm(request), { schema: facilityUpdateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await updateFacility(getDb(), formActor(user, context), facility, submission.value);
  return redirectWithFlash(`/facilities/${facility.code}`, {
    kind: "success",
    message: "facilities.updated",
    params: { code: facility.code },
  });
}

export default function EditFacility() {
  const { facility } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl">
      <PageHeader title={t("facilities.editTitle", { name: facility.name })} />
      <FacilityForm mode="update" lastResult={lastResult} defaultValue={facility} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "facilities.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
