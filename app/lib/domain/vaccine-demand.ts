/**
 * Vaccine demand for planning (standards.md): need = eligible people × doses each × wastage
 * factor, where the wastage factor is 1 / (1 - wastage rate) (WHO: 100 / (100 - wastage %)),
 * rounded up to whole vials because a vial is opened whole. With the session-end open-vial
 * rule every session that vaccinates anyone opens at least one vial. Pure: no database.
 */

import { shown, why, type Why } from "./why";

export interface VaccineDemandInput {
  /** People eligible in the period (arrivals in the target group × coverage). */
  eligible: number;
  /** Doses each eligible person receives in the period. */
  dosesPerPerson: number;
  /** Wastage rate as a fraction in [0, 1) (0.5 for 50 %); null counts as none. */
  wastageRate: number | null;
  /** Doses per vial; null or 1 for single-dose presentations. */
  dosesPerVial: number | null;
  /** Sessions in the period (session_end vaccines open at least one vial per session). */
  sessions?: number;
  openVialRule?: "days_28" | "session_end" | null;
}

export interface VaccineDemand {
  /** Doses administered: eligible × doses each. */
  dosesAdministered: number;
  wastageFactor: number;
  /** Doses needed including wastage (not rounded). */
  dosesWithWastage: number;
  /** Whole vials to have. */
  vials: number;
  /** The stock quantity in doses (vials × doses per vial), the unit the ledger counts in. */
  doses: number;
  /** The formula, for "why this number". */
  formula: Why;
}

// Floating point: 100 × 1 / (1 - 0.5) must be 200, not 200.00000000000003 → 21 vials of 10.
const EPSILON = 1e-9;

export function wastageFactor(wastageRate: number | null): number {
  const rate = wastageRate ?? 0;
  if (!(rate >= 0 && rate < 1)) throw new RangeError("wastage rate must be in [0, 1)");
  return 1 / (1 - rate);
}

export function vaccineDemand(input: VaccineDemandInput): VaccineDemand {
  if (input.eligible < 0 || input.dosesPerPerson < 0) throw new RangeError("eligible and doses must not be negative");
  const perVial = input.dosesPerVial && input.dosesPerVial > 1 ? input.dosesPerVial : 1;
  const factor = wastageFactor(input.wastageRate);
  const dosesAdministered = input.eligible * input.dosesPerPerson;
  const dosesWithWastage = dosesAdministered * factor;
  let vials = dosesWithWastage > 0 ? Math.ceil(dosesWithWastage / perVial - EPSILON) : 0;
  if (input.openVialRule === "session_end" && perVial > 1 && dosesAdministered > 0 && input.sessions) {
    vials = Math.max(vials, input.sessions);
  }
  const formula: Why = [
    why("why.vaccine.calc", {
      eligible: shown(input.eligible, 2),
      dosesPerPerson: input.dosesPerPerson,
      wastage: input.wastageRate ?? 0,
      doses: shown(dosesWithWastage, 2),
      vials,
      perVial,
    }),
  ];
  return { dosesAdministered, wastageFactor: factor, dosesWithWastage, vials, doses: vials * perVial, formula };
}
