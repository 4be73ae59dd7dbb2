import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/i18n";
import type { Queued } from "~/lib/outbox/client";

/** Said once a submission is kept on the device (the form is cleared for the next entry). */
export function QueuedNotice({ queued, formId }: { queued: Queued | null; formId: string }) {
  const { t } = useI18n();
  if (!queued) return null;
  return (
    <div id={`${formId}-queued`} tabIndex={-1} role="status" data-testid="outbox-queued" className="rounded border border-amber-500 bg-amber-50 p-3 text-slate-900">
      <p>{t("outbox.queued")}</p>
      <Link to="/outbox" reloadDocument className="text-brand-700 underline">
        {t("outbox.viewPending")}
      </Link>
    </div>
  );
}
