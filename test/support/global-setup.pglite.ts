import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "#db/migrate.server";
import * as schema from "#db/schema";
import type { Db } from "#db/types";
import { migrationsDir } from "./paths";

/**
 * Starting PGlite from nothing takes seconds, so it happens once per run: a fresh database
 * is dumped, migrated and dumped again, and each test file loads a dump into memory.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "albergue-pglite-"));
  const client = await PGlite.create("memory://");
  try {
    const empty = path.join(dir, "empty.tar");
    writeFileSync(empty, Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer()));
    const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Db;
    await migrate(db, migrationsDir);
    const migrated = path.join(dir, "migrated.tar");
    writeFileSync(migrated, Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer()));
    project.provide("pgliteDumps", { empty, migrated });
  } finally {
    await client.close();
  }
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
