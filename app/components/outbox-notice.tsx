import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/i18n";
import type { EditGone, Editing, Queued } from "~/lib/outbox/client";
import { EDIT_FIELD } from "~/lib/outbox/logic";

/**
 * Said once a submission is kept on the device (the form is cleared for the next entry), and
 * while a pending entry is open for editing (with the hidden field that makes saving replace it).
 */
export function QueuedNotice({ outbox, formId }: { outbox: { queued: Queued | null; editing: Editing | null; gone: EditGone | null }; formId: string }) {
  const { t } = useI18n();
  const { queued, editing, gone } = outbox;
  const pendingLink = (
    <Link to="/outbox" reloadDocument className="text-brand-700 underline">
      {t("outbox.viewPending")}
    </Link>
  );
  return (
    <>
      {editing ? (
        <div id={`${formId}-editing`} role="status" data-testid="outbox-editing" className="rounded border border-sky-600 bg-sky-50 p-3 text-slate-900">
          <input type="hidden" name={EDIT_FIELD} value={editing.seq} />
          <p>{t("outbox.editing")}</p>
        </div>
      ) : null}
      {queued ? (
        <div id={`${formId}-queued`} tabIndex={-1} role="status" data-testid="outbox-queued" className="rounded border border-amber-500 bg-amber-50 p-3 text-slate-900">
          <p>{queued.edited ? t("outbox.updated") : t("outbox.queued")}</p>
          {pendingLink}
        </div>
      ) : null}
      {gone ? (
        <div id={`${formId}-queued`} tabIndex={-1} role="alert" data-testid="outbox-gone" className="rounded border border-red-600 bg-red-50 p-3 text-slate-900">
          <p>{t("outbox.editGone")}</p>
          {pendingLink}
        </div>
      ) : null}
    </>
  );
}
