import type { Kysely } from "kysely";
import type { DatabaseConfig } from "../config.js";
import { openDatabase } from "../db/connection.js";
import type { Database } from "../db/schema.js";
import { createTestDatabase } from "./postgres.js";

/** A fresh, empty database for one test. */
export interface FreshStore {
  config: DatabaseConfig;
  /** A new connection (PostgreSQL: a new pool on the same database; PGlite: a new database). */
  open(): Promise<Kysely<Database>>;
  drop(): Promise<void>;
}

/**
 * The two stores every database test runs on: PGlite in memory and the PostgreSQL on this machine,
 * a database of its own per test (dropped afterwards, also when the test fails).
 */
export interface TestStore {
  name: string;
  /** Whether several connections reach one database (PostgreSQL; PGlite belongs to one process). */
  shared: boolean;
  fresh(): Promise<FreshStore>;
}

export const pgliteStore: TestStore = {
  name: "PGlite in memory",
  shared: false,
  async fresh() {
    const config: DatabaseConfig = { kind: "pglite-memory" };
    return { config, open: () => openDatabase(config), drop: async () => {} };
  },
};

export const postgresStore: TestStore = {
  name: "PostgreSQL",
  shared: true,
  async fresh() {
    const database = await createTestDatabase();
    const config: DatabaseConfig = { kind: "postgres", url: database.url };
    return { config, open: () => openDatabase(config), drop: () => database.drop() };
  },
};

/**
 * Fresh stores and connections of a test file, closed and dropped by `cleanUp` (call it in
 * afterEach): connections first, as a database with open connections cannot be dropped cleanly.
 */
export function storeTracker(store: TestStore) {
  const stores: FreshStore[] = [];
  const connections: Kysely<Database>[] = [];
  return {
    async fresh(): Promise<FreshStore> {
      const fresh = await store.fresh();
      stores.push(fresh);
      return {
        ...fresh,
        open: async () => {
          const db = await fresh.open();
          connections.push(db);
          return db;
        },
      };
    },
    async cleanUp(): Promise<void> {
      await Promise.allSettled(connections.splice(0).map((db) => db.destroy()));
      await Promise.allSettled(stores.splice(0).map((fresh) => fresh.drop()));
    },
  };
}
