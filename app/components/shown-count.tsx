import type { ShownCount } from "~/lib/domain/small-cells";
import { useI18n } from "~/lib/i18n";

/** A suppressed care count as text: the number, "< 5" or "≥ 40", with its meaning on hover. */
export function ShownCountText({ count }: { count: ShownCount }) {
  const { t, number } = useI18n();
  if (count.kind === "exact") return <>{number(count.n)}</>;
  if (count.kind === "under") {
    return <abbr title={t("carefollow.agg.underTitle", { norm: count.norm })}>{t("carefollow.agg.under", { norm: count.norm })}</abbr>;
  }
  return <abbr title={t("carefollow.agg.atLeastTitle", { n: count.n })}>{t("carefollow.agg.atLeast", { n: count.n })}</abbr>;
}
