/**
 * Effective capacity of a facility (Sphere 2018, UNHCR): the smallest of beds, covered
 * area / m² per person, daily water / litres per person, and toilets × people per toilet.
 * A zero input means "not measured" and is left out rather than giving a capacity of zero.
 */
export interface CapacityInputs {
  beds: number;
  coveredAreaM2: number;
  waterLitresPerDay: number;
  toilets: number;
  sanitationFirstPhase: boolean;
}

export interface CapacityNorms {
  coveredAreaPerPerson: number;
  waterPerPersonDay: number;
  peoplePerToilet: number;
  peoplePerToiletFirstPhase: number;
  occupancyWarning: number;
  occupancySaturated: number;
}

export const defaultCapacityNorms: CapacityNorms = {
  coveredAreaPerPerson: 3.5,
  waterPerPersonDay: 15,
  peoplePerToilet: 20,
  peoplePerToiletFirstPhase: 50,
  occupancyWarning: 0.85,
  occupancySaturated: 1,
};

export type Constraint = "beds" | "area" | "water" | "toilets";

export interface ConstraintValue {
  constraint: Constraint;
  /** People this resource can serve. */
  people: number;
  /** The formula in words and numbers, for "why this number". */
  input: number;
  divisor: number;
  operation: "none" | "divide" | "multiply";
}

export interface EffectiveCapacity {
  /** null when nothing was measured (a warehouse, say). */
  capacity: number | null;
  binding: Constraint | null;
  constraints: ConstraintValue[];
}

export function effectiveCapacity(inputs: CapacityInputs, norms: CapacityNorms = defaultCapacityNorms): EffectiveCapacity {
  const perToilet = inputs.sanitationFirstPhase ? norms.peoplePerToiletFirstPhase : norms.peoplePerToilet;
  const candidates: ConstraintValue[] = [];
  if (inputs.beds > 0) {
    candidates.push({ constraint: "beds", people: inputs.beds, input: inputs.beds, divisor: 1, operation: "none" });
  }
  if (inputs.coveredAreaM2 > 0) {
    candidates.push({
      constraint: "area",
      people: Math.floor(inputs.coveredAreaM2 / norms.coveredAreaPerPerson),
      input: inputs.coveredAreaM2,
      divisor: norms.coveredAreaPerPerson,
      operation: "divide",
    });
  }
  if (inputs.waterLitresPerDay > 0) {
    candidates.push({
      constraint: "water",
      people: Math.floor(inputs.waterLitresPerDay / norms.waterPerPersonDay),
      input: inputs.waterLitresPerDay,
      divisor: norms.waterPerPersonDay,
      operation: "divide",
    });
  }
  if (inputs.toilets > 0) {
    candidates.push({
      constraint: "toilets",
      people: inputs.toilets * perToilet,
      input: inputs.toilets,
      divisor: perToilet,
      operation: "multiply",
    });
  }
  if (candidates.length === 0) return { capacity: null, binding: null, constraints: [] };
  // The first smallest wins, so a tie names the resource listed first (beds before area...).
  const binding = candidates.reduce((min, c) => (c.people < min.people ? c : min));
  return { capacity: binding.people, binding: binding.constraint, constraints: candidates };
}

export type OccupancyStatus = "ok" | "warning" | "saturated" | "unknown";

export interface Occupancy {
  ratio: number | null;
  status: OccupancyStatus;
}

/** Above the warning share is a warning; above the saturation share is saturated. */
export function occupancy(census: number, capacity: number | null, norms: CapacityNorms = defaultCapacityNorms): Occupancy {
  if (capacity === null || capacity <= 0) return { ratio: null, status: "unknown" };
  const ratio = census / capacity;
  if (ratio > norms.occupancySaturated) return { ratio, status: "saturated" };
  if (ratio > norms.occupancyWarning) return { ratio, status: "warning" };
  return { ratio, status: "ok" };
}
