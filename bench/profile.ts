// `npx tsx bench/profile.ts --db NAME [--facility SVC]`: runs the query functions behind the
// benchmarked pages once on a logging handle, then EXPLAIN ANALYZEs every captured statement
// and prints them slowest first. Use on a database loaded with bench/load.ts.
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { listFollowUps } from "#db/care-reports.server";
import * as schema from "#db/schema";
import { listStockCard } from "#db/stock.server";
import type { Db } from "#db/types";
import { loadFacilityCapacity, loadNetworkCapacity } from "~/lib/capacity.server";
import { facilityStock } from "~/lib/stock.server";
import { zonedDay } from "~/lib/time";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    facility: { type: "string", default: "SVC" },
    "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432" },
  },
});
process.env.SESSION_SECRET ??= "profile-".padEnd(40, "x");
const client = postgres(`${values["pg-url"]}/${values.db}`, { max: 4, onnotice: () => {} });
const captured: { page: string; query: string; params: unknown[] }[] = [];
let page = "";
const db = drizzle({ client, schema, casing: "snake_case", logger: { logQuery: (query, params) => captured.push({ page, query, params }) } }) as unknown as Db;
const [facility] = await client<{ id: number }[]>`select * from facilities where code = ${values.facility!}`;
const f = (await db.query.facilities.findFirst({ where: (t, { eq }) => eq(t.id, facility!.id) }))!;
const today = zonedDay(new Date(), "America/Panama");
const pages: [string, () => Promise<unknown>][] = [
  ["network", () => loadNetworkCapacity(db, "all")],
  ["facility", () => loadFacilityCapacity(db, f)],
  ["stock card", async () => {
    const items = await facilityStock(db, f.id, today);
    const item = items.find((i) => i.code === "RATION-KIT")!;
    await listStockCard(db, f.id, { itemId: item.itemId }, { limit: 51 });
  }],
  ["follow-up", () => listFollowUps(db, f.id, today, { horizonDays: 7 })],
];
for (const [name, run] of pages) {
  page = name;
  await run();
}
const timed: { page: string; ms: number; query: string; plan: string }[] = [];
for (const c of captured) {
  const rows = await client.unsafe(`explain (analyze, buffers) ${c.query}`, c.params as never[]);
  const lines = rows.map((r) => String(r["QUERY PLAN"]));
  const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join("\n"))?.[1] ?? 0);
  timed.push({ page: c.page, ms, query: c.query.slice(0, 160), plan: lines.slice(0, 6).join("\n    ") });
}
timed.sort((a, b) => b.ms - a.ms);
for (const t of timed.slice(0, 12)) console.log(`${t.ms.toFixed(2)} ms [${t.page}] ${t.query}\n    ${t.plan}\n`);
console.log(`total per page: ${JSON.stringify(Object.fromEntries(pages.map(([n]) => [n, timed.filter((t) => t.page === n).reduce((s, t) => s + t.ms, 0).toFixed(2)])))}`);
await client.end();
