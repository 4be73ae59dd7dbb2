import { readdirSync } from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { careCases, careEncounters, items, lots, referrals, stockOperations, vaccineDoses } from "#db/schema";
import { zonedDay } from "~/lib/time";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { repoRoot } from "../support/paths";
import { requestContext, signedInRequest } from "../support/remix";

/**
 * Planners see aggregates, never a person (BRIEF, issue 5 item 8). This test seeds a care case
 * with a name, a document number, a birth date and a code, then calls the loader of EVERY route
 * module under app/routes as a planner, with every URL parameter filled in, and checks that no
 * result a planner is allowed to get contains any of those strings. Loaders the planner may not
 * call must refuse (403/404/redirect to login), and the care pages must answer 403.
 * A new route is covered automatically: the list of modules is read from the directory.
 */

const testDb = setupTestDatabase();

const IDENTIFYING = {
  name: "Zoila Marisol Quintero-Bastien",
  documentNumber: "HT-PASS-99887766",
  birthDate: "2013-07-19",
  code: "QZ7KXW4M",
};

let planner: TestUser;
let svc = 0;
let lotId = 0;
let caseId = 0;

const routesDir = path.join(repoRoot, "app", "routes");
const routeFiles = readdirSync(routesDir)
  .filter((f) => /\.(ts|tsx)$/.test(f))
  .sort();

/** The parameters of a route file name (`facilities.$code.stock.$itemCode.tsx` -> code, itemCode). */
function paramsFor(file: string): Record<string, string> {
  const values: Record<string, string> = {
    code: "SVC",
    caseCode: IDENTIFYING.code,
    itemCode: "VAC-MR",
    lotId: String(lotId),
    id: "1",
    sheetId: "1",
    "*": "anything",
  };
  const params: Record<string, string> = {};
  for (const name of file.replace(/\.(ts|tsx)$/, "").split(".").filter((s) => s.startsWith("$"))) {
    const key = name === "$" ? "*" : name.slice(1).replace(/\[.*$/, "");
    params[key] = values[key] ?? "1";
  }
  return params;
}

/** The URL of a route file with its parameters filled in. */
function urlFor(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.(ts|tsx)$/, "")
    .replace(/\[\.(csv|json)\]/, ".$1")
    .split(/\.(?![^[]*\])/)
    .filter((s) => s !== "_index")
    .map((s) => (s === "$" ? params["*"] : s.startsWith("$") ? params[s.slice(1)] : s.replace(/^_/, "")));
  const joined = `/${segments.join("/")}`.replace(/\/(csv|json)$/, ".$1");
  return joined === "/" ? "/" : joined.replace(/\/$/, "");
}

type Outcome = { kind: "returned"; text: string } | { kind: "refused"; status: number };

/**
 * A response body as text. A streamed CSV export whose last page is empty never closes its
 * stream (app/lib/csv.server.ts), so a read that waits 2 s for more ends the body: everything
 * the stream had was already delivered.
 */
async function bodyText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<"stalled">((resolve) => {
      timer = setTimeout(() => resolve("stalled"), 2_000);
    });
    const next = await Promise.race([reader.read(), stalled]);
    clearTimeout(timer);
    if (next === "stalled") {
      void reader.cancel().catch(() => undefined);
      return text;
    }
    if (next.done) return text + decoder.decode();
    text += decoder.decode(next.value, { stream: true });
  }
}

async function textOf(value: unknown): Promise<string> {
  if (value instanceof Response) return bodyText(value);
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
    return JSON.stringify((value as { data: unknown }).data);
  }
  return JSON.stringify(value ?? null);
}

function statusOf(value: unknown): number {
  if (value instanceof Response) return value.status;
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
    return (value as { init: ResponseInit | null }).init?.status ?? 200;
  }
  return 200;
}

async function callAsPlanner(file: string): Promise<Outcome | undefined> {
  const mod = (await import(path.join(routesDir, file))) as { loader?: (args: LoaderFunctionArgs) => Promise<unknown> };
  if (!mod.loader) return undefined;
  const params = paramsFor(file);
  const request = await signedInRequest(planner.id, urlFor(file, params));
  try {
    const value = await mod.loader({ request, context: requestContext(), params });
    const status = statusOf(value);
    if (status >= 300) return { kind: "refused", status };
    return { kind: "returned", text: await textOf(value) };
  } catch (thrown) {
    const status = statusOf(thrown);
    if (status === 200 && !(thrown instanceof Response)) throw thrown;
    return { kind: "refused", status };
  }
}

beforeAll(async () => {
  svc = await createFacility(testDb.db, { code: "SVC", name: "San Vicente" });
  await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
  const health = await createUser(testDb.db, { role: "health_worker", facilityIds: [svc] });
  planner = await createUser(testDb.db, { role: "planner" });
  const [item] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, "VAC-MR"));
  const [lot] = await testDb.db.insert(lots).values({ itemId: item!.id, lotNumber: "PRIV-LOT-1", expiry: "2099-01-01" }).returning({ id: lots.id });
  lotId = lot!.id;
  const today = zonedDay(new Date(), "America/Panama");
  const [c] = await testDb.db
    .insert(careCases)
    .values({
      code: IDENTIFYING.code,
      facilityId: svc,
      name: IDENTIFYING.name,
      documentNumber: IDENTIFYING.documentNumber,
      birthDate: IDENTIFYING.birthDate,
      sex: "female",
      nationality: "HT",
      familyGroup: "FAM-PRIV",
      arrivalDate: today,
      createdBy: health.id,
    })
    .returning({ id: careCases.id });
  caseId = c!.id;
  const now = new Date(Date.now() - 3_600_000);
  await testDb.db.insert(careEncounters).values({
    caseId,
    facilityId: svc,
    kind: "child",
    occurredAt: now,
    idempotencyKey: "privacy-enc-1",
    muacMm: 110,
    nutrition: "sam",
    rutfSachetsPerDay: 3,
    recordedBy: health.id,
  });
  const [op] = await testDb.db
    .insert(stockOperations)
    .values({ facilityId: svc, kind: "issue", idempotencyKey: "privacy-op-1", occurredAt: now, recordedBy: health.id })
    .returning({ id: stockOperations.id });
  await testDb.db.insert(vaccineDoses).values({
    caseId,
    facilityId: svc,
    itemId: item!.id,
    doseNumber: 1,
    status: "given",
    occurredAt: now,
    idempotencyKey: "privacy-dose-1",
    lotId,
    stockOperationId: op!.id,
    recordedBy: health.id,
  });
  await testDb.db
    .insert(referrals)
    .values({ caseId, facilityId: svc, hospital: "Metetí", urgency: "urgent", reason: "SAM with complications", status: "sent", sentAt: now });
});

describe("what a planner can reach", () => {
  it("finds the route modules", () => {
    expect(routeFiles).toContain("network.tsx");
    expect(routeFiles).toContain("care.aggregates.tsx");
    expect(urlFor("facilities.$code.stock.$itemCode[.csv].ts", { code: "SVC", itemCode: "VAC-MR" })).toBe("/facilities/SVC/stock/VAC-MR.csv");
    expect(urlFor("facilities.$code._index.tsx", { code: "SVC" })).toBe("/facilities/SVC");
  });

  it("returns no name, document number, birth date or case code from any loader a planner may call", { timeout: 120_000 }, async () => {
    const reached: string[] = [];
    for (const file of routeFiles) {
      const outcome = await callAsPlanner(file);
      if (!outcome || outcome.kind === "refused") continue;
      reached.push(file);
      for (const [field, value] of Object.entries(IDENTIFYING)) {
        expect(outcome.text.includes(value), `${file} returned the case's ${field} to a planner`).toBe(false);
      }
    }
    // The test is only worth something if the planner's pages really were called.
    expect(reached).toEqual(
      expect.arrayContaining([
        "network.tsx",
        "network[.csv].ts",
        "facilities._index.tsx",
        "facilities.$code._index.tsx",
        "facilities.$code.entries._index.tsx",
        "facilities.$code.stock._index.tsx",
        "facilities.$code.stock.$itemCode.tsx",
        "care.aggregates.tsx",
      ]),
    );
  });

  it("the aggregates page shows the case only as a count", async () => {
    const outcome = await callAsPlanner("care.aggregates.tsx");
    expect(outcome?.kind).toBe("returned");
    const data = JSON.parse((outcome as { text: string }).text) as { facilities: { code: string }[] };
    // One case is a count of 1: shown as "< 5" (small-cell suppression), never as the 1 itself.
    const under5 = { kind: "under", norm: 5 };
    expect(data.facilities.find((f) => f.code === "SVC")).toMatchObject({ childOpen: under5, sam: under5, dosesLast30Days: under5, referralsSent: under5 });
  });

  it("refuses the planner every care page that shows a person (403)", async () => {
    const carePages = routeFiles.filter((f) => f.startsWith("facilities.$code.care.") && f !== "facilities.$code.care.new.tsx");
    const required = ["facilities.$code.care.$caseCode._index.tsx", "facilities.$code.care.$caseCode.summary.tsx", "facilities.$code.care.followup.tsx"];
    for (const file of required) expect(routeFiles, `${file} should exist`).toContain(file);
    for (const file of [...new Set([...required, ...carePages])]) {
      const outcome = await callAsPlanner(file);
      if (!outcome) continue;
      expect(outcome, file).toEqual({ kind: "refused", status: 403 });
    }
  });
});
