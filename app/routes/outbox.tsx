import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireUser } from "~/lib/auth.server";
import { baseGroups } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { answerQuestion, discardEntry, outboxEntries, syncOutbox, useOutboxVersion } from "~/lib/outbox/client";
import { fieldValue, pageOf, peopleIn, type OutboxEntry } from "~/lib/outbox/logic";
import { useHydrated } from "~/lib/use-hydrated";
import { PageHeader } from "~/components/ui/page-header";

// The entries live on the device, not on the server: the page only needs a signed-in user,
// and reads the outbox once JavaScript runs (without it nothing is ever kept on the device).
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

export default function Outbox() {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const version = useOutboxVersion();
  const [entries, setEntries] = useState<OutboxEntry[] | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    let current = true;
    void outboxEntries().then((list) => {
      if (current) setEntries(list.sort((a, b) => a.seq - b.seq));
    });
    return () => {
      current = false;
    };
  }, [version, hydrated]);
  const pending = entries?.filter((e) => e.status === "pending") ?? [];
  const attention = entries?.filter((e) => e.status === "attention") ?? [];
  const sendNow = async () => {
    setSending(true);
    await syncOutbox();
    setSending(false);
  };
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("outbox.title")} intro={t("outbox.intro")} />
      {entries !== null && entries.length === 0 ? (
        <p className="mt-4 rounded bg-white p-4 shadow" data-testid="outbox-empty">
          {t("outbox.empty")}
        </p>
      ) : null}
      {attention.length > 0 ? (
        <section className="mt-6" aria-labelledby="outbox-attention">
          <h2 id="outbox-attention" className="text-lg font-semibold text-red-800">
            {t("outbox.attentionHeading", { count: attention.length })}
          </h2>
          <p className="text-sm text-slate-700">{t("outbox.attentionHint")}</p>
          <EntryList entries={attention} />
        </section>
      ) : null}
      {pending.length > 0 ? (
        <section className="mt-6" aria-labelledby="outbox-pending">
          <h2 id="outbox-pending" className="text-lg font-semibold">
            {t("outbox.pendingHeading", { count: pending.length })}
          </h2>
          <button
            type="button"
            onClick={() => void sendNow()}
            disabled={sending}
            className="mt-2 min-h-11 rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
          >
            {sending ? t("outbox.sending") : t("outbox.sendNow")}
          </button>
          <EntryList entries={pending} />
        </section>
      ) : null}
    </div>
  );
}

function EntryList({ entries }: { entries: OutboxEntry[] }) {
  const { t, dateTime, day } = useI18n();
  return (
    <ol className="mt-3 space-y-3">
      {entries.map((entry) => {
        const occurredAt = fieldValue(entry, "occurredAt");
        const people = entry.kind === "arrival" || entry.kind === "departure" || entry.kind === "transferReceipt" ? peopleIn(entry, baseGroups) : null;
        return (
          <li key={entry.seq} data-testid="outbox-entry" data-status={entry.status} className="rounded-lg bg-white p-4 shadow">
            <p className="font-semibold">
              {t(`outbox.kind.${entry.kind}`)} · {t("outbox.facility", { code: entry.facility })}
              {people !== null ? ` · ${t("outbox.people", { count: people })}` : null}
            </p>
            {occurredAt && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(occurredAt) ? (
              <p className="text-sm">{t("outbox.occurredAt", { time: `${day(occurredAt.slice(0, 10))} ${occurredAt.slice(11, 16)}` })}</p>
            ) : null}
            <p className="text-sm text-slate-700">{t("outbox.savedAt", { time: dateTime(entry.savedAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
            {entry.editedAt ? (
              <p className="text-sm text-slate-700">{t("outbox.editedAt", { time: dateTime(entry.editedAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
            ) : null}
            {entry.lastAttemptAt ? (
              <p className="text-sm text-slate-700">
                {t("outbox.attempts", { count: entry.attempts, time: dateTime(entry.lastAttemptAt, { dateStyle: "medium", timeStyle: "short" }) })}
              </p>
            ) : null}
            {entry.reason?.length ? (
              <div className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm" data-testid="outbox-reason">
                <p className="font-medium">{t("outbox.reason")}</p>
                <ul className="list-disc pl-5">
                  {entry.reason.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div className="mt-2 flex flex-wrap gap-3">
              {entry.questions?.map((question) => (
                <button
                  key={question.field}
                  type="button"
                  onClick={() => void answerQuestion(entry.seq, question.field)}
                  className="min-h-11 rounded bg-brand-700 px-3 py-1 text-left font-semibold text-white hover:bg-brand-800"
                >
                  {question.label}
                </button>
              ))}
              {/* The form itself, with the entry's values (a whole-page load: it opens from the device's copy offline). */}
              <Link to={`${pageOf(entry)}#outbox-${entry.seq}`} reloadDocument className="inline-flex min-h-11 items-center text-brand-700 underline">
                {t("outbox.edit")}
              </Link>
              <button
                type="button"
                onClick={() => {
                  if (window.confirm(t("outbox.discardConfirm"))) void discardEntry(entry.seq);
                }}
                className="min-h-11 rounded border border-red-700 px-3 py-1 text-red-800 hover:bg-red-50"
              >
                {t("outbox.discard")}
              </button>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
