// The facility page's capacity panels: the alert over the page and "why this number", every
// constraint with its formula, inputs and the norm's source.
import type { SerializeFrom } from "@remix-run/node";
import { usePercent } from "~/components/occupancy";
import type { FacilityCapacity } from "~/lib/capacity.server";
import type { Constraint } from "~/lib/domain/capacity";
import { useI18n } from "~/lib/i18n";

type Capacity = SerializeFrom<FacilityCapacity>;

export function CapacityAlert({ summary }: { summary: Capacity["capacity"] }) {
  const { t } = useI18n();
  const percent = usePercent();
  if (summary.capacity === null) return null;
  const params = { census: summary.census, capacity: summary.capacity, percent: percent(summary.ratio) };
  if (summary.status === "saturated") {
    return (
      <div role="alert" className="mt-4 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
        <p className="font-bold">
          <span aria-hidden="true">■ </span>
          {t("capacity.alert.saturatedTitle")}
        </p>
        <p>{t("capacity.alert.saturated", params)}</p>
      </div>
    );
  }
  if (summary.status === "warning") {
    return (
      <div className="mt-4 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-amber-900">
        <p className="font-bold">
          <span aria-hidden="true">▲ </span>
          {t("capacity.alert.warningTitle")}
        </p>
        <p>{t("capacity.alert.warning", params)}</p>
      </div>
    );
  }
  return null;
}

const constraintOrder: Constraint[] = ["beds", "area", "water", "toilets"];

/** Every constraint with its formula, inputs and the norm's source. */
export function WhyThisNumber({
  capacity,
  sanitationFirstPhase,
}: {
  capacity: Capacity;
  sanitationFirstPhase: boolean;
}) {
  const { t, number } = useI18n();
  const percent = usePercent();
  const { capacity: summary, norms, sources } = capacity;
  return (
    <details className="mt-4 rounded border border-slate-300 p-3">
      <summary className="cursor-pointer font-semibold text-brand-700">{t("capacity.why.summary")}</summary>
      {summary.status === "notApplicable" ? (
        <p className="mt-2">{t("capacity.why.notApplicable")}</p>
      ) : (
        <div className="mt-2 space-y-3">
          <p>{t("capacity.why.intro")}</p>
          <ul className="space-y-2">
            {constraintOrder.map((constraint) => {
              const value = summary.constraints.find((c) => c.constraint === constraint);
              const label = t(`capacity.constraint.${constraint}`);
              if (!value) {
                return (
                  <li key={constraint} className="text-slate-700">
                    {t("capacity.why.notMeasured", { label })}
                  </li>
                );
              }
              const binding = summary.binding === constraint;
              const source = sources[constraint];
              const params = { label, input: value.input, divisor: value.divisor, people: value.people };
              return (
                <li key={constraint} className={binding ? "rounded bg-slate-100 p-2" : undefined}>
                  <span className={binding ? "font-semibold" : undefined}>
                    {t(`capacity.why.${constraint}`, params)}
                    {constraint === "toilets"
                      ? ` (${sanitationFirstPhase ? t("facility.sanitationPhase.first") : t("facility.sanitationPhase.after")})`
                      : ""}
                  </span>
                  {binding ? <strong className="ml-2">{t("capacity.why.binds")}</strong> : null}
                  {source ? (
                    <span className="block text-sm text-slate-700">{t("capacity.why.source", { source })}</span>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {summary.capacity !== null ? (
            <p>
              {t("capacity.why.result", {
                capacity: summary.capacity,
                label: t(`capacity.constraint.${summary.binding ?? "beds"}`),
              })}{" "}
              {t("capacity.why.occupancy", {
                census: summary.census,
                capacity: summary.capacity,
                percent: percent(summary.ratio),
              })}
            </p>
          ) : (
            <p>{t("capacity.why.nothingMeasured")}</p>
          )}
          <p className="text-sm text-slate-700">
            {t("capacity.why.thresholds", {
              warning: number(norms.occupancyWarning, { style: "percent", maximumFractionDigits: 1 }),
              saturated: number(norms.occupancySaturated, { style: "percent", maximumFractionDigits: 1 }),
            })}
            {sources.thresholds ? ` ${t("capacity.why.source", { source: sources.thresholds })}` : ""}
          </p>
        </div>
      )}
    </details>
  );
}
