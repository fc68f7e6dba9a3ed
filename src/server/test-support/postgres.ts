import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL on this machine (CI starts it: .ci/run): 127.0.0.1:5432, trust authentication.
 * Loopback only; the user is the first of postgres / root that connects.
 */
const ADMIN_URLS = ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

export interface TestDatabase {
  /** A fresh, empty database of its own. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file; `drop()` (in afterAll) removes it even if connections remain. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { client: admin, url } = await connectAdmin();
  const name = `lk_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const { client } = await connectAdmin();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function connectAdmin(): Promise<{ client: pg.Client; url: URL }> {
  let lastError: unknown;
  for (const connectionString of ADMIN_URLS) {
    const client = new pg.Client({ connectionString });
    try {
      await client.connect();
      return { client, url: new URL(connectionString) };
    } catch (error: unknown) {
      lastError = error;
      await client.end().catch(() => {});
    }
  }
  throw lastError;
}
