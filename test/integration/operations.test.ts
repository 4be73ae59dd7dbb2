import { loader as healthz } from "~/routes/healthz";
import { loader as readyz } from "~/routes/readyz";
import { setupTestDatabase } from "../support/db";

setupTestDatabase();

describe("the operations endpoints", () => {
  it("/healthz answers while the process is up", async () => {
    const response = healthz();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });

  it("/readyz answers 200 when the database answers and every migration is applied", async () => {
    const response = await readyz();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, pendingMigrations: 0 });
  });
});

describe("/readyz on a database that is not migrated", () => {
  // Installed for this block only, after the file's migrated database.
  setupTestDatabase({ migrated: false });
  it("answers 503 with the number of pending migrations", async () => {
    const response = await readyz();
    expect(response.status).toBe(503);
    expect((await response.json()).pendingMigrations).toBeGreaterThan(0);
  });
});
