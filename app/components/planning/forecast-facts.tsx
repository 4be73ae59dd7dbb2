import type { MessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n";

interface Part {
  key: MessageKey;
  params: Record<string, string | number>;
}

interface Facts {
  planningLevel: "median" | "p80" | "p95";
  band: number;
  trackRecord: {
    horizonDays: number;
    last14: { inside: number; origins: number };
    last60: { inside: number; origins: number };
    mase: number | null;
    changes: { date: string; direction: "up" | "down"; after: { inside: number; outcomes: number } }[];
  };
  regimeChange: { date: string; direction: "up" | "down" } | null;
}

/** "Why this number" of a forecast, each sentence in the reader's language. */
export function ForecastWhy({ parts }: { parts: readonly Part[] | null | undefined }) {
  const { t } = useI18n();
  if (!parts?.length) return null;
  return <>{parts.map((p) => t(p.key, p.params)).join(" ")}</>;
}

/** The regime-change warning, when the flow changed within the last 30 days. */
export function RegimeChangeWarning({ facts, testId }: { facts: Facts | null | undefined; testId?: string }) {
  const { t, day } = useI18n();
  if (!facts?.regimeChange) return null;
  return (
    <p role="status" data-testid={testId} className="rounded border border-amber-600 bg-amber-50 px-3 py-2 text-sm font-semibold text-amber-900">
      {t("forecast.change", { date: day(facts.regimeChange.date) })}
    </p>
  );
}

/** The planning level and the forecast's track record, recomputed from the data on every view. */
export function ForecastRecord({ facts, testId }: { facts: Facts | null | undefined; testId?: string }) {
  const { t, day, number } = useI18n();
  if (!facts) return null;
  const r = facts.trackRecord;
  return (
    <div className="space-y-1 text-sm" data-testid={testId}>
      <p>{t("forecast.planningLevel", { level: t(`forecast.level.${facts.planningLevel}`) })}</p>
      <p>
        {r.last60.origins === 0
          ? t("forecast.record.none")
          : t("forecast.record.summary", {
              horizon: r.horizonDays,
              inside14: r.last14.inside,
              origins14: r.last14.origins,
              inside60: r.last60.inside,
              origins60: r.last60.origins,
              mase: r.mase === null ? "—" : number(r.mase, { maximumFractionDigits: 2 }),
            })}
      </p>
      {r.changes.slice(-3).map((c) => (
        <p key={c.date}>
          {t("forecast.record.afterChange", {
            date: day(c.date),
            direction: t(c.direction === "up" ? "forecast.changeUp" : "forecast.changeDown"),
            inside: c.after.inside,
            outcomes: c.after.outcomes,
          })}
        </p>
      ))}
    </div>
  );
}
