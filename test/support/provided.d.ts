// Values the integration projects' global setups hand to every test file (`inject()`).
declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: the tar dumps (`dumpDataDir`) of a fresh database and of a migrated one. */
    pgliteDumps: { empty: string; migrated: string };
    /** PostgreSQL: the administrative URL and the migrated template database of this run. */
    postgresRun: { adminUrl: string; runPrefix: string; template: string };
  }
}

export {};
