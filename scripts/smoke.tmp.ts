import { openDatabase } from "#db/client.server";
import { loadPlan } from "~/lib/planning.server";
const database = await openDatabase({ url: process.env.DATABASE_URL! } as never);
const { plan } = await loadPlan(database.db, "all");
for (const f of plan.facilities) console.log(f.code, f.census, f.capacity, f.occupancyStatus, "LOS", f.lengthOfStay?.days?.toFixed(2), "sat", f.projection?.saturationDay, "warn", f.projection?.warningDay, "peakHigh", Math.round(f.projection?.peakCensusHigh ?? 0), f.arrivals.slice(0,2).map(p=>[p.mean.toFixed(0),p.high.toFixed(0)]).join(" "));
console.log(plan.alerts.filter(a=>a.kind!=="expiry").map(a => `${a.severity} ${a.kind} ${a.facilityCode} ${a.itemCode ?? ""} ${a.day} (${a.daysAway})`).join("\n"));
await database.close();
