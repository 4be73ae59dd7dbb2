import { useState } from "react";
import { useI18n } from "~/lib/i18n";

const REPEAT_MESSAGE = "population.repeatSuspected";

/**
 * The "yes, this is another group" box, shown once the server found that the same person
 * recorded an identical group minutes ago (a resubmit after Back would otherwise count twice).
 * It stays once shown: with JavaScript, typing revalidates the form and clears the server's
 * message, and the box must not vanish under the finger that ticks it.
 */
export function RepeatConfirm({ errors }: { errors: string[] | undefined }) {
  const { t } = useI18n();
  const suspected = Boolean(errors?.some((e) => e.startsWith(REPEAT_MESSAGE)));
  const [asked, setAsked] = useState(suspected);
  if (suspected && !asked) setAsked(true);
  if (!suspected && !asked) return null;
  return (
    <div className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3">
      <label className="flex min-h-11 items-center gap-3 font-medium">
        <input type="checkbox" name="confirmRepeat" value="yes" className="h-6 w-6" />
        {t("population.repeatConfirm")}
      </label>
    </div>
  );
}
