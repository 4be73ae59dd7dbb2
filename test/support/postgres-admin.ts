import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** The URL of another database on the same server (same credentials and options). */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A name no other run uses: the run prefix marks every database this run creates. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/** Only names we generate ever reach SQL; refuse anything else rather than quote it. */
export function ident(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unexpected database name: ${name}`);
  return `"${name}"`;
}

export function adminConnection(adminUrl: string) {
  return postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
}

export function requireTestDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      "The integration-postgres project needs TEST_DATABASE_URL, the URL of a PostgreSQL server the tests " +
        "may create databases on (for example postgres://postgres@127.0.0.1:5432/postgres). " +
        "Without PostgreSQL, run the integration-pglite project.",
    );
  }
  return url;
}
