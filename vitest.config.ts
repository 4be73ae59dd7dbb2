import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

// The same aliases as tsconfig.json's `paths`.
const alias = [
  { find: /^~\//, replacement: `${path.join(root, "app")}/` },
  { find: /^#db\//, replacement: `${path.join(root, "db")}/` },
];

const integrationFiles = ["test/integration/**/*.test.ts"];

/**
 * The integration files run once per driver. Each project's global setup prepares a migrated
 * database to copy (a PGlite dump, or a PostgreSQL template database), and every test file
 * gets its own copy through `setupTestDatabase()` in test/support/db.ts.
 */
function integrationProject(driver: "pglite" | "postgres") {
  return {
    extends: true as const,
    test: {
      name: `integration-${driver}`,
      include: integrationFiles,
      environment: "node",
      env: { ALBERGUE_TEST_DRIVER: driver },
      globalSetup: [`test/support/global-setup.${driver}.ts`],
      // Opening a database copy and hashing passwords with scrypt take a moment.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

// The PostgreSQL project exists when there is a server to run it against (TEST_DATABASE_URL),
// or when it is asked for by name, in which case its global setup explains what is missing.
// So a bare `vitest run` works on a machine without PostgreSQL.
const wantsPostgres =
  Boolean(process.env.TEST_DATABASE_URL) || process.argv.some((arg) => arg.includes("integration-postgres"));

export default defineConfig({
  root,
  resolve: { alias },
  esbuild: { jsx: "automatic" },
  test: {
    globals: true,
    setupFiles: ["test/support/env.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      integrationProject("pglite"),
      ...(wantsPostgres ? [integrationProject("postgres")] : []),
    ],
  },
});
