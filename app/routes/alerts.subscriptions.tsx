import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listUserSubscriptions } from "#db/alerts.server";
import { listFacilities } from "#db/facilities.server";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { loadAlertNorms } from "~/lib/alerts.server";
import { formActor } from "~/lib/commands/actor.server";
import { subscribeToAlerts, unsubscribeFromAlerts } from "~/lib/commands/alerts.server";
import { getDb } from "~/lib/db.server";
import { alertChannels, alertKinds } from "~/lib/domain/alert-delivery";
import { env } from "~/lib/env.server";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { intentReply, readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { removeSubscriptionSchema, subscribeSchema } from "~/lib/schemas/alerts";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { TableScroll } from "~/components/ui/data-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const db = getDb();
  const [subscriptions, facilities, norms] = await Promise.all([
    listUserSubscriptions(db, user.id),
    listFacilities(db, facilityScope(user)),
    loadAlertNorms(db),
  ]);
  return {
    email: user.email,
    digestHour: norms.digestHour,
    facilities: facilities.map((f) => ({ code: f.code, name: f.name })),
    subscriptions: subscriptions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
  };
}

const intents = ["subscribe", "remove"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const formData = await readForm(request);
  const intent = readIntent(formData, intents);
  const actor = { ...formActor(user, context), userId: user.id };
  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: removeSubscriptionSchema });
    if (submission.status !== "success") return intentReply(intent, submission.reply());
    await unsubscribeFromAlerts(getDb(), actor, submission.value.subscriptionId);
    return redirectWithFlash("/alerts/subscriptions", { kind: "success", message: "alerts.subs.removed" });
  }
  const submission = parseWithZod(formData, { schema: subscribeSchema });
  if (submission.status !== "success") return intentReply(intent, submission.reply());
  const hosts = env().ALBERGUE_WEBHOOK_HOSTS.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  const outcome = await subscribeToAlerts(getDb(), actor, facilityScope(user), submission.value, hosts);
  if (outcome.status === "invalid") return intentReply(intent, submission.reply({ fieldErrors: outcome.fieldErrors }));
  return redirectWithFlash("/alerts/subscriptions", { kind: "success", message: "alerts.subs.created" });
}

export default function AlertSubscriptions() {
  const { subscriptions, facilities, email, digestHour } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: "subscribe",
    lastResult: resultFor(actionData, "subscribe"),
    constraint: getZodConstraint(subscribeSchema),
    defaultValue: { facility: facilities[0]?.code ?? "", kind: "stockout", channel: "email" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: subscribeSchema }),
  });
  const kindLabel = (kind: string) => t(`alerts.kind.${kind}` as MessageKey);
  const facilityName = (code: string) => facilities.find((f) => f.code === code)?.name ?? code;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("alerts.subs.title")}</h1>
        <p className="max-w-3xl text-slate-700">{t("alerts.subs.intro", { hour: String(digestHour).padStart(2, "0") })}</p>
        <Link to="/alerts" className="text-sm text-brand-700 underline">
          {t("alerts.title")}
        </Link>
      </div>
      {subscriptions.length === 0 ? (
        <p>{t("alerts.subs.empty")}</p>
      ) : (
        <TableScroll>
          <table className="w-full text-left text-sm" data-testid="subscriptions">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">{t("alerts.subs.facility")}</th>
                <th scope="col" className="px-3 py-2">{t("alerts.subs.kind")}</th>
                <th scope="col" className="px-3 py-2">{t("alerts.subs.channel")}</th>
                <th scope="col" className="px-3 py-2">{t("alerts.subs.destination")}</th>
                <th scope="col" className="px-3 py-2">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((s) => (
                <tr key={s.id} className="border-t border-slate-200 align-top">
                  <td className="px-3 py-2">{`${s.facilityCode} · ${s.facilityName}`}</td>
                  <td className="px-3 py-2">{kindLabel(s.kind)}</td>
                  <td className="px-3 py-2">{t(`alerts.channel.${s.channel}`)}</td>
                  <td className="break-all px-3 py-2">
                    {s.channel === "email" ? email : s.webhookUrl}
                    {s.channel === "webhook" ? (
                      <span className="block text-xs text-slate-700">{t(s.ownSecret ? "alerts.subs.ownSecret" : "alerts.subs.deploymentSecret")}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <Form method="post">
                      <input type="hidden" name="subscriptionId" value={s.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="remove"
                        aria-label={t("alerts.subs.removeLabel", { kind: kindLabel(s.kind), facility: facilityName(s.facilityCode) })}
                        className="rounded border border-red-700 px-3 py-1 font-semibold text-red-800 hover:bg-red-50"
                      >
                        {t("alerts.subs.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section aria-labelledby="subscribe-title" className="max-w-3xl">
        <h2 id="subscribe-title" className="text-xl font-semibold">
          {t("alerts.subs.newTitle")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 space-y-4 rounded-lg bg-white p-6 shadow">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="subscribe" />
          <SelectField meta={fields.facility} label={t("alerts.subs.facility")} options={facilities.map((f) => ({ value: f.code, label: `${f.code} · ${f.name}` }))} />
          <SelectField meta={fields.kind} label={t("alerts.subs.kind")} options={alertKinds.map((k) => ({ value: k, label: kindLabel(k) }))} />
          <SelectField meta={fields.channel} label={t("alerts.subs.channel")} options={alertChannels.map((c) => ({ value: c, label: t(`alerts.channel.${c}`) }))} />
          <TextField meta={fields.webhookUrl} label={t("alerts.subs.webhookUrl")} hint={t("alerts.subs.webhookUrlHint")} autoComplete="off" />
          <TextField meta={fields.webhookSecret} type="password" label={t("alerts.subs.webhookSecret")} hint={t("alerts.subs.webhookSecretHint")} autoComplete="new-password" />
          <SubmitButton intent="subscribe" pending={t("alerts.subs.adding")}>
            {t("alerts.subs.add")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "alerts.subs.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
