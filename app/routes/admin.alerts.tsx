import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listAllSubscriptions, listRecentDeliveries } from "#db/alerts.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { TableScroll } from "~/components/ui/data-table";

/** A webhook's origin only: the path of a chat webhook is often its credential. */
function shownTarget(channel: string, target: string | null) {
  if (channel !== "webhook" || !target) return target ?? "";
  try {
    return `${new URL(target).origin}/…`;
  } catch {
    return "…";
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "user:manage");
  const db = getDb();
  const [subscriptions, deliveries] = await Promise.all([listAllSubscriptions(db), listRecentDeliveries(db, 100)]);
  return {
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      user: `${s.userName} <${s.userEmail}>`,
      facility: `${s.facilityCode} · ${s.facilityName}`,
      kind: s.kind,
      channel: s.channel,
      destination: s.channel === "email" ? s.userEmail : shownTarget(s.channel, s.webhookUrl),
    })),
    deliveries: deliveries.map((d) => ({
      ...d,
      target: shownTarget(d.channel, d.target),
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt?.toISOString() ?? null,
    })),
  };
}

export default function AlertsAdmin() {
  const { subscriptions, deliveries } = useLoaderData<typeof loader>();
  const { t, dateTime, number } = useI18n();
  const th = "px-3 py-2";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("alerts.admin.title")}</h1>
        <p className="max-w-3xl text-slate-700">{t("alerts.admin.intro")}</p>
      </div>
      <section aria-labelledby="subs-heading">
        <h2 id="subs-heading" className="text-xl font-semibold">
          {t("alerts.admin.subscriptions")}
        </h2>
        {subscriptions.length === 0 ? (
          <p>{t("alerts.subs.empty")}</p>
        ) : (
          <TableScroll className="mt-2">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className={th}>{t("alerts.admin.user")}</th>
                  <th scope="col" className={th}>{t("alerts.subs.facility")}</th>
                  <th scope="col" className={th}>{t("alerts.subs.kind")}</th>
                  <th scope="col" className={th}>{t("alerts.subs.channel")}</th>
                  <th scope="col" className={th}>{t("alerts.subs.destination")}</th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.map((s) => (
                  <tr key={s.id} className="border-t border-slate-200">
                    <td className={th}>{s.user}</td>
                    <td className={th}>{s.facility}</td>
                    <td className={th}>{t(`alerts.kind.${s.kind}` as MessageKey)}</td>
                    <td className={th}>{t(`alerts.channel.${s.channel}`)}</td>
                    <td className={`${th} break-all`}>{s.destination}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading" className="text-xl font-semibold">
          {t("alerts.admin.deliveries")}
        </h2>
        {deliveries.length === 0 ? (
          <p>{t("alerts.admin.noDeliveries")}</p>
        ) : (
          <TableScroll className="mt-2">
            <table className="w-full text-left text-sm" data-testid="deliveries">
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className={th}>{t("alerts.admin.when")}</th>
                  <th scope="col" className={th}>{t("alerts.admin.reason")}</th>
                  <th scope="col" className={th}>{t("alerts.admin.user")}</th>
                  <th scope="col" className={th}>{t("alerts.subs.destination")}</th>
                  <th scope="col" className={`${th} text-right`}>{t("alerts.admin.alerts")}</th>
                  <th scope="col" className={th}>{t("alerts.admin.status")}</th>
                  <th scope="col" className={`${th} text-right`}>{t("alerts.admin.attempts")}</th>
                  <th scope="col" className={th}>{t("alerts.admin.error")}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-slate-200 align-top" data-status={d.status}>
                    <td className={`${th} whitespace-nowrap`}>{dateTime(d.createdAt)}</td>
                    <td className={th}>{t(`alerts.reason.${d.reason}`)}</td>
                    <td className={th}>{d.userEmail}</td>
                    <td className={`${th} break-all`}>{`${t(`alerts.channel.${d.channel}`)}: ${d.target}`}</td>
                    <td className={`${th} text-right tabular-nums`}>{number(d.alerts)}</td>
                    <td className={th}>{t(`alerts.status.${d.status}`)}</td>
                    <td className={`${th} text-right tabular-nums`}>{number(d.attempts)}</td>
                    <td className={`${th} break-words`}>{d.lastError ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "alerts.admin.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
