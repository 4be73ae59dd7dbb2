import { useState } from "react";
import { useI18n, type MessageKey } from "~/lib/i18n";

/**
 * The questions a recording form asks before it records something unusual, each a box to tick:
 * an identical entry by the same person minutes ago (a resubmit after Back would otherwise
 * write it twice: a group, a delivery, a distribution, an adjustment, a dose), or a group far above the
 * station's usual size (4,000 typed for 40). A box stays once shown: with JavaScript, typing
 * revalidates the form and clears the server's message, and the box must not vanish under the
 * finger that ticks it.
 */
const questions: { message: string; field: string; label: MessageKey }[] = [
  { message: "population.repeatSuspected", field: "confirmRepeat", label: "population.repeatConfirm" },
  { message: "stock.receipt.repeatSuspected", field: "confirmRepeat", label: "stock.receipt.repeatConfirm" },
  { message: "stock.adjust.repeatSuspected", field: "confirmRepeat", label: "stock.adjust.repeatConfirm" },
  { message: "stock.issue.repeatSuspected", field: "confirmRepeat", label: "stock.issue.repeatConfirm" },
  { message: "vaccination.repeatSuspected", field: "confirmRepeat", label: "vaccination.repeatConfirm" },
  { message: "population.sizeSuspected", field: "confirmSize", label: "population.sizeConfirm" },
];

const raisedBy = (errors: string[] | undefined) =>
  questions.filter((q) => errors?.some((e) => e === q.message || e.startsWith(`${q.message}?`))).map((q) => q.message);

export function RepeatConfirm({ errors }: { errors: string[] | undefined }) {
  const { t } = useI18n();
  const raised = raisedBy(errors);
  const [asked, setAsked] = useState<string[]>(raised);
  const missing = raised.filter((message) => !asked.includes(message));
  if (missing.length) setAsked([...asked, ...missing]);
  const seen = new Set<string>();
  // One box per field: a form asks one kind of twin question, but never draws two boxes of one name.
  const shown = questions.filter((q) => (asked.includes(q.message) || raised.includes(q.message)) && !seen.has(q.field) && seen.add(q.field));
  if (!shown.length) return null;
  return (
    <div className="space-y-2 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3">
      {shown.map((q) => (
        <label key={q.field} className="flex min-h-11 items-center gap-3 font-medium">
          <input type="checkbox" name={q.field} value="yes" className="h-6 w-6 shrink-0" />
          {t(q.label)}
        </label>
      ))}
    </div>
  );
}
