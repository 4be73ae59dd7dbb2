import { baseGroups, subgroups, type Group } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";
import type { AnyField } from "./form";
import { Stepper } from "./stepper";

/**
 * The twelve population counts of an arrival, departure or receipt: the eight groups (with the
 * live total when given) and the four subgroups within them, each a stepper.
 */
export function GroupCountFields({
  fields,
  hint,
  total,
}: {
  fields: Record<Group, AnyField>;
  hint?: (group: Group) => string;
  total?: number;
}) {
  const { t } = useI18n();
  // The live total is worked out by JavaScript: without it, a "0" that never changes would
  // mislead, so it is not shown (the page after submitting shows what was recorded).
  const hydrated = useHydrated();
  return (
    <>
      <fieldset>
        <legend className="text-lg font-semibold">{t("movement.groups")}</legend>
        <div className="mt-2 grid grid-cols-2 gap-x-3 gap-y-4 sm:gap-x-6">
          {baseGroups.map((g) => (
            <Stepper key={g} meta={fields[g]} label={t(`group.${g}`)} hint={hint?.(g)} />
          ))}
        </div>
        {total !== undefined && hydrated ? (
          <p className="mt-3 text-lg font-semibold" aria-live="polite" data-testid="live-total">
            {t("movement.totalLive", { total })}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend className="text-lg font-semibold">{t("movement.subgroups")}</legend>
        <div className="mt-2 grid grid-cols-2 gap-x-3 gap-y-4 sm:gap-x-6">
          {subgroups.map((g) => (
            <Stepper key={g} meta={fields[g]} label={t(`group.${g}`)} hint={hint?.(g)} />
          ))}
        </div>
      </fieldset>
    </>
  );
}
