import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { facilityIdsByCodes, listFacilityOptions } from "#db/facilities.server";
import { getUser } from "#db/users.server";
import { UserForm } from "~/components/user-form";
import { accountLock, notFound, requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { unlockUserAccount, updateUserAccount } from "~/lib/commands/accounts.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { hashPassword } from "~/lib/password.server";
import { needsMembership } from "~/lib/permissions";
import { userUpdateSchema } from "~/lib/schemas/user";
import { redirectWithFlash } from "~/lib/session.server";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

async function loadUser(id: string | undefined) {
  const numeric = idOf(id) ?? notFound();
  const user = await getUser(getDb(), numeric);
  if (!user) notFound();
  return user;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "user:manage");
  const user = await loadUser(params.id);
  const facilities = await listFacilityOptions(getDb());
  const codes = facilities.filter((f) => user.facilityIds.includes(f.id)).map((f) => f.code);
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      preferredLanguage: user.preferredLanguage,
      active: user.active,
      facilities: codes,
    },
    facilities: facilities.map(({ code, name }) => ({ code, name })),
    lockedUntil: (await accountLock(user.email))?.toISOString() ?? null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "user:manage");
  const user = await loadUser(params.id);
  const formData = await readForm(request);
  if (formData.get("intent") === "unlock") {
    // Lifts the account-wide lock that wrong passwords from untrusted browsers set (decision 015).
    await unlockUserAccount(getDb(), formActor(admin, context), user);
    return redirectWithFlash(`/admin/users/${user.id}`, { kind: "success", message: "users.unlocked", params: { email: user.email } });
  }
  const submission = parseWithZod(formData, { schema: userUpdateSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { password, facilities: codes, ...input } = submission.value;
  // An administrator cannot lock themselves (and perhaps everyone) out of administration.
  if (user.id === admin.id && (input.role !== "admin" || !input.active)) {
    return data(submission.reply({ formErrors: ["users.cannotChangeOwnAccess"], hideFields: ["password"] }), { status: 400 });
  }
  const memberships = needsMembership(input.role) ? await facilityIdsByCodes(getDb(), codes) : [];
  if (memberships.length !== (needsMembership(input.role) ? codes.length : 0)) {
    return data(submission.reply({ fieldErrors: { facilities: ["validation.choice"] }, hideFields: ["password"] }), { status: 400 });
  }
  const passwordHash = password ? await hashPassword(password) : undefined;
  await updateUserAccount(getDb(), formActor(admin, context), user, { ...input, passwordHash }, memberships.map((m) => m.id));
  return redirectWithFlash("/admin/users", { kind: "success", message: "users.updated", params: { email: user.email } });
}

export default function EditUser() {
  const { user, facilities, lockedUntil } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("users.editTitle", { name: user.displayName })} />
      <p className="font-mono text-sm text-slate-700">{user.email}</p>
      {lockedUntil ? (
        <section aria-labelledby="lock-title" className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h2 id="lock-title" className="font-semibold">
            {t("users.lockedTitle")}
          </h2>
          <p className="mt-1 text-sm">{t("users.lockedUntil", { when: dateTime(lockedUntil) })}</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="unlock" />
            <button
              type="submit"
              className="rounded border border-amber-800 px-3 py-1 font-semibold text-amber-900 hover:bg-amber-100"
            >
              {t("users.unlock")}
            </button>
          </Form>
        </section>
      ) : null}
      <UserForm mode="update" lastResult={lastResult} defaultValue={user} facilities={facilities} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
