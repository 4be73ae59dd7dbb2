import { randomBytes } from "node:crypto";
import { insertFacility, type FacilityInput } from "#db/facilities.server";
import type { Db } from "#db/types";
import { insertUser, setMemberships } from "#db/users.server";
import { hashPassword } from "~/lib/password.server";
import type { Role } from "~/lib/permissions";

/** A password the policy accepts, for accounts the tests sign in with. */
export const GOOD_PASSWORD = "correct horse battery staple";

export function facilityInput(overrides: Partial<FacilityInput> & { code: string }): FacilityInput {
  return {
    name: `Facility ${overrides.code}`,
    kind: "shelter",
    region: "Darién",
    latitude: 8.4,
    longitude: -78,
    beds: 100,
    coveredAreaM2: 400,
    waterLitresPerDay: 2000,
    toilets: 6,
    status: "open",
    notes: "",
    ...overrides,
  };
}

export async function createFacility(db: Db, overrides: Partial<FacilityInput> & { code: string }): Promise<number> {
  const id = await insertFacility(db, facilityInput(overrides));
  if (!id) throw new Error(`Facility code ${overrides.code} is already taken in this test database.`);
  return id;
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
}

export async function createUser(
  db: Db,
  options: { role: Role; email?: string; facilityIds?: number[]; password?: string; active?: boolean },
): Promise<TestUser> {
  const email = options.email ?? `${options.role}-${randomBytes(4).toString("hex")}@example.test`;
  const password = options.password ?? GOOD_PASSWORD;
  const id = await insertUser(db, {
    email,
    displayName: `Test ${options.role}`,
    passwordHash: await hashPassword(password),
    role: options.role,
    preferredLanguage: "es",
    active: options.active ?? true,
  });
  if (!id) throw new Error(`The email ${email} is already taken in this test database.`);
  if (options.facilityIds?.length) await setMemberships(db, id, options.facilityIds);
  return { id, email, password };
}

/** The SQLSTATE of a database error, whichever driver raised it and however drizzle wrapped it. */
export function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The rejection of a promise that must fail (the test fails if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected the operation to be refused, but it succeeded.");
}

export const SQLSTATE = {
  checkViolation: "23514",
  foreignKeyViolation: "23503",
  restrictViolation: "23001",
  uniqueViolation: "23505",
} as const;
