import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { listOpenAlertEvents } from "#db/alerts.server";
import { facilityScope, notFound, requirePermission } from "~/lib/auth.server";
import { alertSentence, alertWhy, type StoredAlert } from "~/lib/alert-message";
import { loadAlertNorms } from "~/lib/alerts.server";
import { formActor } from "~/lib/commands/actor.server";
import { acknowledgeAlert } from "~/lib/commands/alerts.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { intentReply, readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { acknowledgeSchema } from "~/lib/schemas/alerts";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const db = getDb();
  const [events, norms] = await Promise.all([listOpenAlertEvents(db, facilityScope(user)), loadAlertNorms(db)]);
  return {
    ackHours: norms.ackHours,
    alerts: events.map((e) => ({
      id: e.id,
      severity: e.severity,
      alert: e.alert as StoredAlert,
      criticalAt: e.criticalAt?.toISOString() ?? null,
      acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
      acknowledgedByName: e.acknowledgedByName,
      escalationLevel: e.escalationLevel,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const formData = await readForm(request);
  const intent = readIntent(formData, ["acknowledge"] as const);
  const submission = parseWithZod(formData, { schema: acknowledgeSchema });
  if (submission.status !== "success") return intentReply(intent, submission.reply());
  const outcome = await acknowledgeAlert(getDb(), { ...formActor(user, context), userId: user.id }, facilityScope(user), submission.value.alertId);
  // Outside the user's facilities reads as missing, as it does everywhere else.
  if (outcome === "not-found") notFound();
  return redirectWithFlash(`/alerts#alert-${submission.value.alertId}`, {
    kind: outcome === "acknowledged" ? "success" : "info",
    message: outcome === "acknowledged" ? "alerts.ackDone" : "alerts.ackAlready",
  });
}

export default function Alerts() {
  const { alerts, ackHours } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const navigation = useNavigation();
  const acking = navigation.formData?.get("intent") === "acknowledge" ? navigation.formData.get("alertId") : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("alerts.title")}</h1>
        <p className="max-w-3xl text-slate-700">{t("alerts.intro", { hours: ackHours })}</p>
        <Link to="/alerts/subscriptions" className="text-sm text-brand-700 underline">
          {t("alerts.subscriptionsLink")}
        </Link>
      </div>
      {alerts.length === 0 ? (
        <p>{t("alerts.none")}</p>
      ) : (
        <ol className="space-y-2" data-testid="alert-events">
          {alerts.map((a) => {
            const critical = a.severity === "critical";
            return (
              <li
                key={a.id}
                id={`alert-${a.id}`}
                data-kind={a.alert.kind}
                className={`rounded border-l-4 px-3 py-2 ${critical ? "border-red-700 bg-red-50 text-red-950" : "border-amber-600 bg-amber-50 text-amber-950"}`}
              >
                <p>
                  <span className="font-bold">
                    <span aria-hidden="true">{critical ? "■ " : "▲ "}</span>
                    {t(critical ? "planning.alert.critical" : "planning.alert.warning")}:
                  </span>{" "}
                  {alertSentence(i18n, a.alert)}{" "}
                  <Link to={a.alert.href} className="font-semibold underline">
                    {t("planning.alert.act")}
                  </Link>
                </p>
                <p className="mt-1 text-sm">{t("alerts.email.why", { why: alertWhy(i18n, a.alert) })}</p>
                <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
                  {a.criticalAt ? <span>{t("alerts.sentAt", { when: dateTime(a.criticalAt) })}</span> : null}
                  {a.escalationLevel > 0 ? (
                    <span className="font-semibold">{t("alerts.escalated", { role: t(a.escalationLevel >= 2 ? "role.admin" : "role.planner") })}</span>
                  ) : null}
                  {a.acknowledgedAt ? (
                    <span data-testid="acknowledged">{t("alerts.acked", { name: a.acknowledgedByName ?? "—", when: dateTime(a.acknowledgedAt) })}</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="alertId" value={a.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="acknowledge"
                        disabled={acking === String(a.id)}
                        aria-label={t("alerts.ackLabel", { facility: a.alert.facilityName })}
                        className="min-h-11 rounded border border-slate-700 bg-white px-3 py-1 font-semibold hover:bg-slate-50 disabled:cursor-wait disabled:opacity-70"
                      >
                        {acking === String(a.id) ? t("alerts.acking") : t("alerts.ack")}
                      </button>
                    </Form>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "alerts.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
