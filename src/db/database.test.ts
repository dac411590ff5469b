import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from './database'

const dir = mkdtempSync(join(tmpdir(), 'csp-db-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a large write on SQLite', () => {
  it('commits without copying the log into the database on the way, then copies it in the background while the app goes on', async () => {
    const path = join(dir, 'bulk.sqlite')
    const database = openDatabase(path)
    await sql`create table blob_rows (n integer primary key, data blob not null)`.execute(database.db)
    const piece = Buffer.alloc(64 * 1024, 7)
    // 1,600 × 64 KiB: past the 1,000-page log that SQLite would otherwise copy back at the commit.
    await database.bulkWrite(() =>
      database.db.transaction().execute(async (tx) => {
        for (let n = 0; n < 1600; n++) await sql`insert into blob_rows (n, data) values (${n}, ${piece})`.execute(tx)
      }),
    )
    // Committed: the rows are in the log, not yet in the database file.
    expect(statSync(path).size).toBeLessThan(10 * 1024 * 1024)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(100 * 1024 * 1024)
    // The app reads and writes while the background copy runs.
    await sql`insert into blob_rows (n, data) values (${9999}, ${Buffer.from('after')})`.execute(database.db)
    const { rows } = await sql<{ c: number }>`select count(*) as c from blob_rows`.execute(database.db)
    expect(rows[0]!.c).toBe(1601)
    await database.close()
    // close() waited for the copy: the database file holds every row, and a fresh reader agrees.
    expect(statSync(path).size).toBeGreaterThan(100 * 1024 * 1024)
    const check = new SQLite(path, { readonly: true })
    expect(check.prepare('select count(*) as c, sum(length(data)) as bytes from blob_rows').get()).toEqual({
      c: 1601,
      bytes: 1600 * 64 * 1024 + 5,
    })
    expect(check.pragma('quick_check', { simple: true })).toBe('ok')
    check.close()
  })

  it('is a plain write on an in-memory database', async () => {
    const database = openDatabase(':memory:')
    expect(await database.bulkWrite(async () => 42)).toBe(42)
    await database.close()
  })
})

describe('two writers on one SQLite file (the web app and a CLI import)', () => {
  it("makes a transaction wait for the other process's write, without blocking the event loop, and then commit", async () => {
    const path = join(dir, 'two-writers.sqlite')
    const app = openDatabase(path)
    await sql`create table t (n integer primary key, v text)`.execute(app.db)
    // The "CLI import": a write lock held on another connection for 1.5 s.
    const other = new SQLite(path)
    other.exec('begin immediate')
    other.prepare("insert into t (v) values ('import')").run()
    let ticks = 0
    const timer = setInterval(() => ticks++, 20)
    setTimeout(() => other.exec('commit'), 1500)
    // The web app's write: a read then a write, which a deferred transaction could not upgrade.
    const started = Date.now()
    await app.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ c: number }>`select count(*) as c from t`.execute(tx)
      await sql`insert into t (v) values (${`web after ${rows[0]!.c}`})`.execute(tx)
    })
    clearInterval(timer)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
    // The loop kept turning while it waited (a synchronous busy wait would have stopped the timer).
    expect(ticks).toBeGreaterThan(20)
    const { rows } = await sql<{ v: string }>`select v from t order by n`.execute(app.db)
    expect(rows.map((r) => r.v)).toEqual(['import', 'web after 1'])
    // /health's ping answers while a transaction holds the app's connection.
    let release!: () => void
    const held = app.db.transaction().execute(() => new Promise<void>((r) => (release = r)))
    await new Promise((r) => setTimeout(r, 20))
    await app.ping()
    expect(await app.pendingMigrations()).toHaveLength((await import('./migrations/index')).migrationNames.length)
    release()
    await held
    other.close()
    await app.close()
  })
})
