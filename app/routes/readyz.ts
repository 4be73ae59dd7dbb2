import { pendingMigrations } from "#db/migrate.server";
import { getDatabase } from "~/lib/db.server";

/** Readiness: the database answers and every committed migration has been applied. */
export async function loader() {
  const headers = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  try {
    const database = getDatabase();
    await database.ping();
    const pending = await pendingMigrations(database.db);
    const ok = pending === 0;
    return new Response(JSON.stringify({ ok, driver: database.driver, pendingMigrations: pending }), {
      status: ok ? 200 : 503,
      headers,
    });
  } catch {
    return new Response(JSON.stringify({ ok: false, error: "database unreachable" }), { status: 503, headers });
  }
}
