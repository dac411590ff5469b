import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * The database a test runs on. With CSP_TEST_DATABASE_URL=postgres://… every test app gets a
 * fresh schema of that database (dropped when it closes), so the whole suite runs on PostgreSQL;
 * without it, `sqlite` (an in-memory database unless a file is given).
 */
export function testDatabase(sqlite = ':memory:'): {
  url: string
  engine: 'sqlite' | 'postgres'
  drop(): Promise<void>
} {
  const base = process.env.CSP_TEST_DATABASE_URL
  if (!base) return { url: sqlite, engine: 'sqlite', drop: async () => {} }
  const schema = `test_${randomBytes(6).toString('hex')}`
  const u = new URL(base)
  u.searchParams.set('schema', schema)
  u.searchParams.set('pool', '4')
  return {
    url: u.toString(),
    engine: 'postgres',
    async drop() {
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      try {
        await client.query(`drop schema if exists ${schema} cascade`)
      } finally {
        await client.end()
      }
    },
  }
}

/** Which engine this run of the suite is on, for test names. */
export const testEngine = process.env.CSP_TEST_DATABASE_URL ? 'postgres' : 'sqlite'
