import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, sql, type Insertable, type Transaction } from 'kysely'
import type { DB } from './schema'
import { StaticMigrationProvider, migrationNames, type MigrationContext } from './migrations/index'

export type Db = Kysely<DB>
export type Tx = Transaction<DB>
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Kysely<DB> | Transaction<DB>

export interface Database {
  readonly db: Db
  readonly dialect: MigrationContext['dialect']
  readonly location: string
  migrateToLatest(): Promise<void>
  /** Names of migrations in the code that the database has not run. */
  pendingMigrations(): Promise<string[]>
  ping(): Promise<void>
  close(): Promise<void>
  /** A consistent copy of the whole database, taken while it is in use, written atomically to `dest`. */
  backup(dest: string): Promise<void>
  /**
   * Inserts many rows of one table inside the caller's transaction. On SQLite this runs one
   * prepared statement per row on the same connection (crime counts and stored crime chunks run
   * to hundreds of thousands of rows, and building SQL per batch cost more than the inserts: see
   * README, benchmarks); elsewhere it falls back to batched inserts through Kysely.
   */
  bulkInsert<T extends keyof DB & string>(q: Queryable, table: T, rows: readonly Insertable<DB[T]>[]): Promise<void>
}

/**
 * Opens the database named by CSP_DATABASE_URL. A file path (or `sqlite:` URL) is SQLite;
 * `:memory:` is an in-memory SQLite for tests. PostgreSQL URLs arrive with the shared-deployment issue.
 */
export function openDatabase(url: string): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'CSP_DATABASE_URL names a PostgreSQL database, which this version does not support yet. Use a file path for SQLite.',
    )
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '')
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  // 64 KiB pages for a new database: stored crime rows are megabyte blobs, and on the bench 64 KiB
  // pages took the 1M-row import from 4.5 s to 3.6 s (16 KiB: 4.1 s). No effect on an existing file.
  sqlite.pragma('page_size = 65536')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // WAL with synchronous=NORMAL cannot corrupt the database; a power cut may lose the last commit.
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) })
  const ctx: MigrationContext = { dialect: 'sqlite' }
  const statements = new Map<string, SQLite.Statement>()
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(ctx) })

  return {
    db,
    dialect: ctx.dialect,
    location: path === ':memory:' ? 'in-memory SQLite' : `SQLite file ${path}`,
    async migrateToLatest() {
      const { error, results } = await migrator.migrateToLatest()
      const failed = results?.find((r) => r.status === 'Error')
      if (error || failed) {
        const name = failed ? ` (migration ${failed.migrationName})` : ''
        throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`)
      }
    },
    async pendingMigrations() {
      const done = await migrator.getMigrations()
      const ran = new Set(done.filter((m) => m.executedAt !== undefined).map((m) => m.name))
      return migrationNames.filter((n) => !ran.has(n))
    },
    async ping() {
      await sql`select 1`.execute(db)
    },
    async close() {
      await db.destroy()
    },
    async backup(dest: string) {
      // SQLite's online backup: a consistent snapshot even while the app writes. Into a temporary
      // file first, renamed into place, so a failed backup never leaves half a file under the name.
      const tmp = `${dest}.partial-${process.pid}`
      try {
        await sqlite.backup(tmp)
        renameSync(tmp, dest)
      } finally {
        rmSync(tmp, { force: true })
      }
    },
    async bulkInsert(_q, table, rows) {
      if (rows.length === 0) return
      const columns = Object.keys(rows[0] as object)
      const key = `${table}(${columns.join(',')})`
      let stmt = statements.get(key)
      if (!stmt) {
        stmt = sqlite.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`)
        statements.set(key, stmt)
      }
      const values = new Array<unknown>(columns.length)
      for (const row of rows as readonly Record<string, unknown>[]) {
        for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!]
        stmt.run(values)
      }
    },
  }
}
