import { eq } from "drizzle-orm";
import { hashPassword } from "../app/lib/password.server";
import type { Role } from "../app/lib/permissions";
import { appendAudit } from "./audit.server";
import { facilityIdsByCodes, insertFacility, type FacilityInput } from "./facilities.server";
import { facilities } from "./schema";
import { generateHistory, insertHistory } from "./seed-history.server";
import { seedStockHistory, stockSeedFacilities } from "./seed-stock.server";
import type { Db } from "./types";
import { insertUser, listUsers, setMemberships } from "./users.server";
import { seedDemoRequests } from "./seed-requests.server";
import { zonedDay } from "../app/lib/time";

/** Shown on the login page in demo mode; never used outside it. */
export const DEMO_PASSWORD = "albergue-demo";

// Capacities are plausible for the Darién network: San Vicente's 544 beds are public; the
// others are estimates in proportion to what was reported of each station.
export const demoFacilities: FacilityInput[] = [
  {
    code: "BCH",
    name: "Bajo Chiquito",
    kind: "reception_station",
    region: "Comarca Emberá-Wounaan",
    latitude: 8.0308,
    longitude: -77.5486,
    beds: 180,
    coveredAreaM2: 700,
    waterLitresPerDay: 4500,
    toilets: 8,
    status: "open",
    notes: "Primer punto de contacto tras la selva; acceso solo por río.",
  },
  {
    code: "LBL",
    name: "Lajas Blancas",
    kind: "reception_station",
    region: "Darién",
    latitude: 8.2919,
    longitude: -77.7967,
    beds: 450,
    coveredAreaM2: 1800,
    waterLitresPerDay: 9000,
    toilets: 24,
    status: "open",
    notes: "Estación de recepción migratoria a orillas del río Chucunaque.",
  },
  {
    code: "SVC",
    name: "San Vicente",
    kind: "reception_station",
    region: "Darién",
    latitude: 8.4153,
    longitude: -78.0481,
    beds: 544,
    coveredAreaM2: 2200,
    waterLitresPerDay: 12000,
    toilets: 32,
    status: "open",
    notes: "Estación de recepción migratoria cerca de Metetí.",
  },
  {
    code: "LPG",
    name: "Los Planes de Gualaca",
    kind: "reception_station",
    region: "Chiriquí",
    latitude: 8.5319,
    longitude: -82.3006,
    beds: 400,
    coveredAreaM2: 1600,
    waterLitresPerDay: 8000,
    toilets: 20,
    status: "open",
    notes: "Estación de recepción migratoria en el occidente, antes de la frontera con Costa Rica.",
  },
  {
    code: "ALM",
    name: "Almacén central",
    kind: "warehouse",
    region: "Panamá",
    latitude: 8.9824,
    longitude: -79.5199,
    beds: 0,
    coveredAreaM2: 0,
    waterLitresPerDay: 0,
    toilets: 0,
    status: "open",
    notes: "Almacén que abastece a las estaciones.",
  },
];

export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
  facilities: string[];
}

export const demoAccounts: DemoAccount[] = [
  { email: "admin@albergue.demo", displayName: "Ana Administradora", role: "admin", facilities: [] },
  { email: "planner@albergue.demo", displayName: "Pedro Planificador", role: "planner", facilities: [] },
  { email: "manager@albergue.demo", displayName: "Marta Gestora", role: "manager", facilities: ["LBL", "SVC"] },
  { email: "health@albergue.demo", displayName: "Hugo Salud", role: "health_worker", facilities: ["SVC"] },
  // The central warehouse's manager: picks and ships the approved requests (issue 17).
  { email: "warehouse@albergue.demo", displayName: "Wilma Almacén", role: "manager", facilities: ["ALM"] },
];

/**
 * Seeds the demo network once: a second run finds the facilities and accounts there and
 * adds nothing. Returns whether anything was written.
 */
export async function seedDemo(
  db: Db,
  options: { timeZone?: string; now?: Date; history?: boolean } = {},
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.code, "SVC")).limit(1);
    if (existing) return false;
    // Hashed only when seeding: a demo restart should not pay for scrypt.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const actor = { userId: null, requestId: "seed-demo" };
    for (const facility of demoFacilities) {
      const id = await insertFacility(tx, facility);
      if (id) await appendAudit(tx, actor, { action: "create", entity: "facility", entityId: id, facilityId: id, changes: { ...facility } });
    }
    for (const account of demoAccounts) {
      const id = await insertUser(tx, {
        email: account.email,
        displayName: account.displayName,
        passwordHash,
        role: account.role,
        preferredLanguage: "es",
      });
      if (!id) continue;
      const ids = (await facilityIdsByCodes(tx, account.facilities)).map((f) => f.id);
      await setMemberships(tx, id, ids);
      await appendAudit(tx, actor, {
        action: "create",
        entity: "user",
        entityId: id,
        changes: { email: account.email, role: account.role, facilities: account.facilities },
      });
    }
    if (options.history !== false) {
      const codes = await facilityIdsByCodes(tx, ["BCH", "LBL", "SVC", "LPG", "ALM"]);
      const id = (code: string) => codes.find((c) => c.code === code)!.id;
      const now = options.now ?? new Date();
      const timeZone = options.timeZone ?? "America/Panama";
      const history = generateHistory({
        now,
        timeZone,
        facilities: { BCH: id("BCH"), LBL: id("LBL"), SVC: id("SVC"), LPG: id("LPG") },
        surgeDays: 14,
        slowdownDays: 5,
      });
      const { entries } = await insertHistory(tx, history);
      await appendAudit(tx, actor, { action: "seed", entity: "population_entry", changes: { entries } });
      // Stock that follows the people present, read from the roll-ups just written.
      const stock = await seedStockHistory(tx, { now, timeZone, facilities: stockSeedFacilities(codes) });
      await appendAudit(tx, actor, { action: "seed", entity: "stock_operation", changes: { ...stock } });
      const people = await listUsers(tx);
      const requests = await seedDemoRequests(tx, {
        facilities: { BCH: id("BCH"), LPG: id("LPG"), ALM: id("ALM") },
        now,
        today: zonedDay(now, timeZone),
        plannerId: people.find((u) => u.email === "planner@albergue.demo")?.id ?? null,
        // A planner raises for any station; LPG and BCH have no demo manager.
        managerId: people.find((u) => u.email === "planner@albergue.demo")?.id ?? null,
      });
      await appendAudit(tx, actor, { action: "seed", entity: "stock_request", changes: { requests } });
    }
    return true;
  });
}
