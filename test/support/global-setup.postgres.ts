import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client.server";
import { migrate } from "#db/migrate.server";
import { migrationsDir } from "./paths";
import { adminConnection, databaseUrl, ident, requireTestDatabaseUrl } from "./postgres-admin";

/**
 * Creates this run's template database and migrates it; every test file then copies it
 * (CREATE DATABASE ... TEMPLATE). The teardown drops the template and any copy a crashed
 * worker left behind, all recognised by this run's unique prefix: nothing else is touched.
 */
export default async function setup(project: TestProject) {
  const adminUrl = requireTestDatabaseUrl();
  const runPrefix = `albergue_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const template = `${runPrefix}_template`;
  const admin = adminConnection(adminUrl);

  const teardown = async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${`${runPrefix}_`})`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${ident(datname)} with (force)`);
    }
    await admin.end({ timeout: 5 });
  };

  try {
    await admin.unsafe(`create database ${ident(template)} template template0`);
    const database = await openDatabase({ url: databaseUrl(adminUrl, template), max: 1 });
    try {
      await migrate(database.db, migrationsDir);
    } finally {
      await database.close();
    }
    // Nobody connects to the template again, so copies of it can be made concurrently.
    await admin.unsafe(`alter database ${ident(template)} with allow_connections false`);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("postgresRun", { adminUrl, runPrefix, template });
  return teardown;
}
