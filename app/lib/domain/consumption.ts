// Consumption against the norm (issue 17 item 4): what a facility really gave out of an item
// over a window, per person-day, beside what the norms say the same people needed, with the
// average monthly consumption and months of stock that logistics staff reason in. Pure.

/** One month as logistics counts it: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 365.25 / 12;

export interface ConsumptionInput {
  /** Days in the window (30: the last 30 days, today included). */
  days: number;
  /** Units issued to people over the window (distributions and doses; not transfers or write-offs). */
  issued: number;
  /** The sum over the window's days of the end-of-day census. */
  personDays: number;
  /** The sum over the same days of the norms × each day's census by group. */
  normQuantity: number;
  /** Usable stock now. */
  usable: number;
}

export interface Consumption {
  actualPerPersonDay: number | null;
  normPerPersonDay: number | null;
  /** Actual ÷ norm (1 = exactly the norm); null without a norm or without people. */
  ratio: number | null;
  /** Average monthly consumption: issued per day × DAYS_PER_MONTH. */
  monthlyConsumption: number;
  /** Usable stock ÷ monthly consumption; null when nothing was issued. */
  monthsOfStock: number | null;
}

export function consumptionVsNorm(input: ConsumptionInput): Consumption {
  const perPersonDay = (quantity: number) => (input.personDays > 0 ? quantity / input.personDays : null);
  const actualPerPersonDay = perPersonDay(input.issued);
  const normPerPersonDay = perPersonDay(input.normQuantity);
  const monthlyConsumption = input.days > 0 ? (input.issued / input.days) * DAYS_PER_MONTH : 0;
  return {
    actualPerPersonDay,
    normPerPersonDay,
    ratio: actualPerPersonDay !== null && normPerPersonDay ? actualPerPersonDay / normPerPersonDay : null,
    monthlyConsumption,
    monthsOfStock: monthlyConsumption > 0 ? input.usable / monthlyConsumption : null,
  };
}
