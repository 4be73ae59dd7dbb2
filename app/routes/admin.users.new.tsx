import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { facilityIdsByCodes, listFacilityOptions } from "#db/facilities.server";
import { UserForm } from "~/components/user-form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { createUserAccount } from "~/lib/commands/accounts.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { hashPassword } from "~/lib/password.server";
import { needsMembership } from "~/lib/permissions";
import { userCreateSchema } from "~/lib/schemas/user";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "user:manage");
  return { facilities: await listFacilityOptions(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "user:manage");
  const submission = parseWithZod(await readForm(request), { schema: userCreateSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { password, facilities: codes, ...input } = submission.value;
  const memberships = needsMembership(input.role) ? await facilityIdsByCodes(getDb(), codes) : [];
  if (memberships.length !== (needsMembership(input.role) ? codes.length : 0)) {
    return data(submission.reply({ fieldErrors: { facilities: ["validation.choice"] }, hideFields: ["password"] }), { status: 400 });
  }
  const passwordHash = await hashPassword(password);
  const id = await createUserAccount(getDb(), formActor(admin, context), { ...input, passwordHash }, memberships, input);
  if (!id) return data(submission.reply({ fieldErrors: { email: ["users.emailTaken"] }, hideFields: ["password"] }), { status: 400 });
  return redirectWithFlash("/admin/users", { kind: "success", message: "users.created", params: { email: input.email } });
}

export default function NewUser() {
  const { facilities } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("users.newTitle")} />
      <UserForm mode="create" lastResult={lastResult} facilities={facilities} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.newTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
