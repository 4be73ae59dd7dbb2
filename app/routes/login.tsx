import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formActor } from "~/lib/commands/actor.server";
import { recordSession } from "~/lib/commands/accounts.server";
import { DEMO_PASSWORD, demoAccounts } from "#db/seed.server";
import { FormErrors, SubmitButton, TextField } from "~/components/form";
import { attemptLogin, safeRedirect } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { deviceKeyFor, issueDeviceCookie } from "~/lib/device-cookie.server";
import { env } from "~/lib/env.server";
import { messageWithParams, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loginSchema } from "~/lib/schemas/login";
import { getOptionalUser, startSession } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser(request, context)) throw redirect("/");
  const demo = env().ALBERGUE_DEMO;
  return {
    demo: demo
      ? { password: DEMO_PASSWORD, accounts: demoAccounts.map(({ email, role, facilities }) => ({ email, role, facilities })) }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await attemptLogin(email, password, context.clientAddress, await deviceKeyFor(request, email));
  if (!result.ok) {
    const message =
      result.reason === "throttled"
        ? messageWithParams("login.throttled", { minutes: result.retryMinutes })
        : "login.invalid";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "throttled" ? 429 : 401,
    });
  }
  const sessionCookie = await startSession(result.userId, request, context);
  await recordSession(getDb(), formActor({ id: result.userId }, context), "login");
  const headers = new Headers([
    ["Set-Cookie", sessionCookie],
    ["Set-Cookie", await issueDeviceCookie(request, email)],
  ]);
  return redirect(safeRedirect(redirectTo, "/"), { headers });
}

export default function Login() {
  const { demo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("login.title")}</h1>
      <p className="mt-1 text-slate-700">{t("login.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4 rounded-lg bg-white p-6 shadow">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField meta={fields.email} label={t("login.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
        <SubmitButton pending={t("login.submitting")}>{t("login.submit")}</SubmitButton>
      </Form>
      {demo ? (
        <section aria-labelledby="demo-title" className="mt-8 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h2 id="demo-title" className="font-semibold">
            {t("login.demoTitle")}
          </h2>
          <p className="mt-1 text-sm">{t("login.demoIntro", { password: demo.password })}</p>
          <table className="mt-3 w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-2">{t("login.demoRole")}</th>
                <th scope="col" className="py-1 pr-2">{t("login.demoEmail")}</th>
                <th scope="col" className="py-1">{t("login.demoFacilities")}</th>
              </tr>
            </thead>
            <tbody>
              {demo.accounts.map((account) => (
                <tr key={account.email} className="border-t border-amber-200">
                  <td className="py-1 pr-2">{t(`role.${account.role}`)}</td>
                  <td className="py-1 pr-2 font-mono">{account.email}</td>
                  <td className="py-1">{account.facilities.join(", ") || t("common.all")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
