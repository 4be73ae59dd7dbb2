import { eq } from "drizzle-orm";
import {
  facilityIdsByCodes,
  getFacilityByCode,
  insertFacility,
  listFacilities,
  updateFacility,
} from "#db/facilities.server";
import { facilities } from "#db/schema";
import { setupTestDatabase } from "../support/db";
import { SQLSTATE, createFacility, facilityInput, rejectionOf, sqlState } from "../support/fixtures";

const testDb = setupTestDatabase();
const ids: Record<string, number> = {};

beforeAll(async () => {
  for (const code of ["SVC", "LBL", "BCH", "ALM"]) ids[code] = await createFacility(testDb.db, { code });
});

const idOf = (code: string) => {
  const id = ids[code];
  if (id === undefined) throw new Error(`no facility ${code}`);
  return id;
};

describe("listFacilities", () => {
  it("lists every facility, by code, for a scope that sees all", async () => {
    const rows = await listFacilities(testDb.db, { all: true });
    expect(rows.map((f) => f.code)).toEqual(["ALM", "BCH", "LBL", "SVC"]);
  });

  it("lists only the facilities in a member's scope", async () => {
    const rows = await listFacilities(testDb.db, { all: false, facilityIds: [idOf("SVC"), idOf("LBL")] });
    expect(rows.map((f) => f.code)).toEqual(["LBL", "SVC"]);
  });

  it("lists nothing for a member of no facility", async () => {
    await expect(listFacilities(testDb.db, { all: false, facilityIds: [] })).resolves.toEqual([]);
  });
});

describe("insertFacility", () => {
  it("stores every field", async () => {
    const input = facilityInput({ code: "LPG", name: "Los Planes de Gualaca", beds: 400, latitude: null, notes: "x" });
    const id = await insertFacility(testDb.db, input);
    expect(id).toEqual(expect.any(Number));
    expect(await getFacilityByCode(testDb.db, "LPG")).toMatchObject({ ...input, id });
  });

  it("returns undefined and changes nothing when the code is taken", async () => {
    await expect(insertFacility(testDb.db, facilityInput({ code: "SVC", name: "Impostor", beds: 1 }))).resolves.toBeUndefined();
    expect(await getFacilityByCode(testDb.db, "SVC")).toMatchObject({ id: idOf("SVC"), name: "Facility SVC", beds: 100 });
  });

  it("is found by code, and codes map to ids", async () => {
    await expect(getFacilityByCode(testDb.db, "NOPE")).resolves.toBeUndefined();
    const mapped = await facilityIdsByCodes(testDb.db, ["SVC", "BCH", "NOPE"]);
    expect(Object.fromEntries(mapped.map((f) => [f.code, f.id]))).toEqual({ SVC: idOf("SVC"), BCH: idOf("BCH") });
    await expect(facilityIdsByCodes(testDb.db, [])).resolves.toEqual([]);
  });

  it("updates the details and the update time, not the code", async () => {
    const before = await getFacilityByCode(testDb.db, "BCH");
    if (!before) throw new Error("BCH missing");
    const { code, ...rest } = facilityInput({ code: "BCH", name: "Bajo Chiquito", beds: 180, status: "closed" });
    expect(code).toBe("BCH");
    await updateFacility(testDb.db, before.id, rest);
    const after = await getFacilityByCode(testDb.db, "BCH");
    expect(after).toMatchObject({ id: before.id, name: "Bajo Chiquito", beds: 180, status: "closed" });
    expect(after?.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
  });
});

describe("the database itself", () => {
  it.each([
    ["negative beds", { beds: -1 }],
    ["negative toilets", { toilets: -2 }],
    ["negative water", { waterLitresPerDay: -10 }],
    ["negative covered area", { coveredAreaM2: -0.5 }],
    ["a latitude beyond 90", { latitude: 90.5 }],
    ["a longitude beyond -180", { longitude: -180.5 }],
  ])("refuses %s", async (_label, override) => {
    const error = await rejectionOf(testDb.db.insert(facilities).values(facilityInput({ code: "BAD1", ...override })));
    expect(sqlState(error)).toBe(SQLSTATE.checkViolation);
    await expect(getFacilityByCode(testDb.db, "BAD1")).resolves.toBeUndefined();
  });

  it.each(["abc", "A", "AB-1", "AB 1"])("refuses the code %j", async (code) => {
    const error = await rejectionOf(testDb.db.insert(facilities).values(facilityInput({ code })));
    expect(sqlState(error)).toBe(SQLSTATE.checkViolation);
  });

  it("refuses an update that would make beds negative", async () => {
    const error = await rejectionOf(
      testDb.db.update(facilities).set({ beds: -5 }).where(eq(facilities.id, idOf("ALM"))),
    );
    expect(sqlState(error)).toBe(SQLSTATE.checkViolation);
    expect((await getFacilityByCode(testDb.db, "ALM"))?.beds).toBe(100);
  });

  it("refuses a second facility with the same code", async () => {
    const error = await rejectionOf(testDb.db.insert(facilities).values(facilityInput({ code: "LBL" })));
    expect(sqlState(error)).toBe(SQLSTATE.uniqueViolation);
  });
});
