import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/**
 * The database handle every query function takes first. Both drivers (postgres and
 * PGlite) and their transactions satisfy it, so query code is written once.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
