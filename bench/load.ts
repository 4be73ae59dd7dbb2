// `npx tsx bench/load.ts --db NAME [--scale 0.2] [--days 365]`: loads the benchmark dataset into
// a database that is kept, for profiling queries by hand (EXPLAIN ANALYZE). Drop it afterwards.
import { parseArgs } from "node:util";
import postgres from "postgres";
import { loadDataset } from "./dataset";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    scale: { type: "string", default: "0.2" },
    days: { type: "string", default: "365" },
    "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432" },
  },
});
if (!values.db || !/^[a-z0-9_]+$/.test(values.db)) throw new Error("--db NAME (lower case, digits, _) is required");
const admin = postgres(`${values["pg-url"]}/postgres`, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${values.db} with (force)`);
await admin.unsafe(`create database ${values.db}`);
await admin.end();
const summary = await loadDataset({
  url: `${values["pg-url"]}/${values.db}`,
  scale: Number(values.scale),
  days: Number(values.days),
  now: new Date(),
  timeZone: "America/Panama",
  log: console.log,
});
console.log(summary);
