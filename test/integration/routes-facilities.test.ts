import { count, eq } from "drizzle-orm";
import { auditLog, facilities } from "#db/schema";
import { loader as facilityLoader } from "~/routes/facilities.$code._index";
import { loader as listLoader } from "~/routes/facilities._index";
import { action as createAction } from "~/routes/facilities.new";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, formRequest, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();

let manager: TestUser;
let planner: TestUser;
let admin: TestUser;
let deactivated: TestUser;

beforeAll(async () => {
  const lbl = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
  await createFacility(testDb.db, { code: "SVC", name: "San Vicente", beds: 544 });
  await createFacility(testDb.db, { code: "BCH", name: "Bajo Chiquito" });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [lbl] });
  planner = await createUser(testDb.db, { role: "planner" });
  admin = await createUser(testDb.db, { role: "admin" });
  deactivated = await createUser(testDb.db, { role: "manager", facilityIds: [lbl], active: false });
});

async function viewFacility(userId: number | null, code: string) {
  const path = `/facilities/${code}`;
  const request = userId === null ? new Request(`http://localhost${path}`) : await signedInRequest(userId, path);
  return facilityLoader({ request, context: requestContext(), params: { code } });
}

describe("a facility's page", () => {
  it("shows a manager a facility they belong to", async () => {
    const result = await viewFacility(manager.id, "LBL");
    expect(result.facility).toMatchObject({ code: "LBL", name: "Lajas Blancas" });
    expect(result.canManage).toBe(false);
    // The arrivals forecast is planning data: not for a shelter manager.
    expect(result.forecast).toBeNull();
  });

  it("answers 403 to a manager for a facility they do not belong to", async () => {
    const thrown = asDataResult(await thrownBy(viewFacility(manager.id, "SVC")));
    expect(thrown.status).toBe(403);
  });

  it("answers 404 for a facility that does not exist, or a malformed code", async () => {
    expect(asDataResult(await thrownBy(viewFacility(manager.id, "ZZZ"))).status).toBe(404);
    expect(asDataResult(await thrownBy(viewFacility(planner.id, "svc"))).status).toBe(404);
  });

  it("shows planners and administrators every facility", async () => {
    expect((await viewFacility(planner.id, "SVC")).facility).toMatchObject({ code: "SVC", beds: 544 });
    const asAdmin = await viewFacility(admin.id, "BCH");
    expect(asAdmin.facility.code).toBe("BCH");
    expect(asAdmin.canManage).toBe(true);
  });

  it("sends a signed-out visitor to the login page, and back afterwards", async () => {
    const thrown = asResponse(await thrownBy(viewFacility(null, "LBL")));
    expect(thrown.status).toBe(302);
    expect(thrown.headers.get("Location")).toBe("/login?redirectTo=%2Ffacilities%2FLBL");
  });

  it("does not let a deactivated account in with an old cookie", async () => {
    const request = await signedInRequest(deactivated.id, "/facilities/LBL");
    const thrown = asResponse(
      await thrownBy(facilityLoader({ request, context: requestContext(), params: { code: "LBL" } })),
    );
    expect(thrown.headers.get("Location")).toBe("/login?redirectTo=%2Ffacilities%2FLBL");
  });
});

describe("the facilities list", () => {
  async function listFor(userId: number) {
    const request = await signedInRequest(userId, "/facilities");
    const result = await listLoader({ request, context: requestContext(), params: {} });
    return result.facilities.map((f) => f.code);
  }

  it("shows a manager only their facilities and a planner all of them", async () => {
    expect(await listFor(manager.id)).toEqual(["LBL"]);
    expect(await listFor(planner.id)).toEqual(["BCH", "LBL", "SVC"]);
  });
});

describe("creating a facility", () => {
  const fields = (overrides: Record<string, string> = {}) => ({
    code: "lpg",
    name: "Los Planes de Gualaca",
    kind: "reception_station",
    region: "Chiriquí",
    latitude: "8.5319",
    longitude: "-82.3006",
    beds: "400",
    coveredAreaM2: "1600",
    waterLitresPerDay: "8000",
    toilets: "20",
    status: "open",
    notes: "",
    ...overrides,
  });

  async function create(userId: number, form: Record<string, string>) {
    const request = await signedInRequest(userId, "/facilities/new", {
      method: "POST",
      body: new URLSearchParams(form),
    });
    return createAction({ request, context: requestContext(), params: {} });
  }

  async function facilityCount() {
    const [row] = await testDb.db.select({ n: count() }).from(facilities);
    return row?.n;
  }

  it("is refused to a manager with 403", async () => {
    const before = await facilityCount();
    expect(asDataResult(await thrownBy(create(manager.id, fields()))).status).toBe(403);
    expect(await facilityCount()).toBe(before);
  });

  it("is refused to a signed-out visitor", async () => {
    const request = formRequest("/facilities/new", fields());
    const thrown = asResponse(await thrownBy(createAction({ request, context: requestContext(), params: {} })));
    expect(thrown.headers.get("Location")).toMatch(/^\/login/);
  });

  it("answers 400 with the field's message for negative beds, and writes nothing", async () => {
    const before = await facilityCount();
    const result = asDataResult(await create(admin.id, fields({ beds: "-5" })));
    expect(result.status).toBe(400);
    expect((result.data as { error?: Record<string, string[]> }).error?.beds).toEqual(["validation.nonNegative"]);
    expect(await facilityCount()).toBe(before);
  });

  it("creates the facility with an upper-cased code, audits it and redirects to it", async () => {
    const response = asResponse(await create(admin.id, fields()));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/facilities/LPG");
    expect(response.headers.get("Set-Cookie")).toMatch(/albergue_flash=/);
    const [created] = await testDb.db.select().from(facilities).where(eq(facilities.code, "LPG"));
    expect(created).toMatchObject({ name: "Los Planes de Gualaca", beds: 400, latitude: 8.5319, kind: "reception_station" });
    const audit = await testDb.db.select().from(auditLog).where(eq(auditLog.facilityId, created?.id ?? -1));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "create", entity: "facility", userId: admin.id });
  });

  it("answers 400 on the code field when the code is taken", async () => {
    const before = await facilityCount();
    const result = asDataResult(await create(admin.id, fields({ code: "svc", name: "Another San Vicente" })));
    expect(result.status).toBe(400);
    expect((result.data as { error?: Record<string, string[]> }).error?.code).toEqual(["facilities.codeTaken"]);
    expect(await facilityCount()).toBe(before);
  });
});
