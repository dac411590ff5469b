import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Worker } from 'node:worker_threads'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type DatabaseConnection,
  type Dialect,
  type Insertable,
  type Transaction,
  type Updateable,
} from 'kysely'
import pg from 'pg'
import Cursor from 'pg-cursor'
import type { DB } from './schema'
import { dumpDatabase, readDumpHeader, restoreDump } from './dump'
import { StaticMigrationProvider, migrationNames, type MigrationContext } from './migrations/index'

const require = createRequire(import.meta.url)

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
  bulkInsert<T extends keyof DB>(q: Queryable, table: T, rows: readonly Insertable<DB[T]>[]): Promise<void>
  /**
   * Updates rows of one table found by `key` (each row holds it and the columns to set) inside the
   * caller's transaction: on SQLite one cached prepared statement (a crime import updates hundreds
   * of units, and building and preparing SQL for each cost more than the updates), elsewhere Kysely.
   */
  updateRows<T extends keyof DB>(
    q: Queryable,
    table: T,
    key: keyof DB[T] & string,
    rows: readonly Updateable<DB[T]>[],
  ): Promise<void>
  /**
   * Runs a large write (a crime import: hundreds of megabytes in one transaction) so that it is
   * committed without copying it twice on the way. On an SQLite file the write-ahead log is not
   * checkpointed at the commit; a background thread copies it into the database file afterwards,
   * without blocking readers or writers — as PostgreSQL's checkpointer does after a COPY. `close()`
   * waits for it. Elsewhere it only runs `work`.
   */
  bulkWrite<T>(work: () => Promise<T>): Promise<T>
  /**
   * PostgreSQL only: replaces every row with a backup's, in one transaction (SQLite restores by
   * swapping the file while the app is stopped: see restore.ts).
   */
  restore?(source: string): Promise<{ tables: number; rows: number }>
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url)

/**
 * Opens the database named by CSP_DATABASE_URL. A file path (or `sqlite:` URL) is SQLite;
 * `:memory:` is an in-memory SQLite for tests; `postgres://…` is PostgreSQL.
 */
export function openDatabase(url: string): Database {
  if (isPostgresUrl(url)) return openPostgres(url)
  const path = url.replace(/^sqlite:(\/\/)?/, '')
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  // 64 KiB pages for a new database: stored crime rows are megabyte blobs, and on the bench 64 KiB
  // pages took the 1M-row import from 4.5 s to 3.6 s (16 KiB: 4.1 s). No effect on an existing file.
  sqlite.pragma('page_size = 65536')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  // A short wait inside SQLite (it blocks the thread); the real waiting for another process's
  // write is done by WaitingSqliteDriver, asynchronously, so the server keeps answering meanwhile.
  sqlite.pragma('busy_timeout = 100')
  // WAL with synchronous=NORMAL cannot corrupt the database; a power cut may lose the last commit.
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<DB>({ dialect: waitingSqliteDialect(sqlite) })
  const ctx: MigrationContext = { dialect: 'sqlite' }
  const statements = new Map<string, SQLite.Statement>()
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(ctx) })
  let checkpointing: Promise<void> = Promise.resolve()
  const shared = common(db, migrator)

  return {
    db,
    dialect: ctx.dialect,
    location: path === ':memory:' ? 'in-memory SQLite' : `SQLite file ${path}`,
    ...shared,
    // Straight on the handle, not through the query queue: /health answers while an import's
    // transaction holds the connection.
    async ping() {
      sqlite.prepare('select 1').get()
    },
    async pendingMigrations() {
      const ran = new Set(
        (sqlite.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
          ? (sqlite.prepare('select name from kysely_migration').all() as { name: string }[])
          : []
        ).map((r) => r.name),
      )
      return migrationNames.filter((n) => !ran.has(n))
    },
    async close() {
      await checkpointing
      await shared.close()
    },
    async bulkWrite(work) {
      if (path === ':memory:') return work()
      // SQLite checkpoints a WAL of more than 1,000 pages at commit, on the committing thread: for
      // a national import that is the whole import written a second time before the user hears.
      sqlite.pragma('wal_autocheckpoint = 0')
      try {
        return await work()
      } finally {
        sqlite.pragma('wal_autocheckpoint = 1000')
        checkpointing = checkpointing.then(() => checkpointInBackground(path))
      }
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
        stmt = sqlite.prepare(
          `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        )
        statements.set(key, stmt)
      }
      const values = new Array<unknown>(columns.length)
      for (const row of rows as readonly Record<string, unknown>[]) {
        for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!]
        stmt.run(values)
      }
    },
    async updateRows(_q, table, key, rows) {
      if (rows.length === 0) return
      const columns = Object.keys(rows[0] as object).filter((c) => c !== key)
      const sql = `update "${table}" set ${columns.map((c) => `"${c}" = ?`).join(', ')} where "${key}" = ?`
      let stmt = statements.get(sql)
      if (!stmt) {
        stmt = sqlite.prepare(sql)
        statements.set(sql, stmt)
      }
      const values = new Array<unknown>(columns.length + 1)
      for (const row of rows as readonly Record<string, unknown>[]) {
        for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!]
        values[columns.length] = row[key]
        stmt.run(values)
      }
    },
  }
}

/** How long a write waits for another process's write (a CLI import, a second server) before it fails. */
export const WRITE_WAIT_MS = 10 * 60 * 1000

/**
 * SQLite through Kysely, with every transaction begun IMMEDIATE: it takes the write lock at once
 * (a deferred one that reads first can fail with SQLITE_BUSY when it comes to write, whatever the
 * busy timeout), and while another process holds the lock it waits asynchronously, retrying with
 * back-off, so the event loop keeps serving other requests and nobody sees "database is locked".
 */
class WaitingSqliteDriver extends SqliteDriver {
  /**
   * The one connection, handed to waiters strictly in turn. Kysely's own mutex wakes every waiter
   * at each release and lets whoever runs first take it: under load (50 connections on the
   * minutes page) a few requests waited 8-10 s while others were served in 200 ms.
   */
  readonly #queue: (() => void)[] = []
  #held = false

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#held) await new Promise<void>((resolve) => this.#queue.push(resolve))
    this.#held = true
    return super.acquireConnection()
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection()
    const next = this.#queue.shift()
    // Handed straight to the next in line: #held stays true, so nobody can take it in between.
    if (next) next()
    else this.#held = false
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + WRITE_WAIT_MS
    for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'))
        return
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e
        await new Promise((r) => setTimeout(r, pause))
      }
    }
  }
}

function waitingSqliteDialect(sqlite: SQLite.Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new WaitingSqliteDriver({ database: sqlite }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  }
}

/**
 * Copies an SQLite file's write-ahead log into the database from a worker thread with its own
 * connection (PASSIVE: it never waits for, or blocks, the app's readers and writers). A failure
 * only leaves the log for the next checkpoint, so it is reported on stderr, not thrown.
 */
function checkpointInBackground(path: string): Promise<void> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const Database = require(workerData.module)
    const db = new Database(workerData.path)
    try {
      db.pragma('busy_timeout = 5000')
      parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)'))
    } finally {
      db.close()
    }`
  return new Promise<void>((resolve) => {
    const w = new Worker(code, { eval: true, workerData: { module: require.resolve('better-sqlite3'), path } })
    w.on('error', (e) => {
      process.stderr.write(
        `csp-hub: the background checkpoint of ${path} failed (the next one will copy the log): ${e.message}\n`,
      )
      resolve()
    })
    w.on('exit', () => resolve())
  })
}

/** What both engines do the same way: migrations, ping, close. */
function common(db: Db, migrator: Migrator) {
  return {
    async migrateToLatest() {
      const { error, results } = await migrator.migrateToLatest()
      const failed = results?.find((r) => r.status === 'Error')
      if (error || failed) {
        const name = failed ? ` (migration ${failed.migrationName})` : ''
        throw new Error(
          `Database migration failed${name}: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
        )
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
  }
}

/** The host, port and database of a PostgreSQL URL, never its password: for messages and logs. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url)
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}${u.searchParams.get('schema') ? ` (schema ${u.searchParams.get('schema')})` : ''}`
  } catch {
    return 'PostgreSQL (the URL could not be read)'
  }
}

/**
 * PostgreSQL through a connection pool. `?schema=NAME` on the URL puts csp-hub's tables in that
 * schema (created if missing): several partnerships, or the test suite, can share one database.
 */
function openPostgres(url: string): Database {
  const u = new URL(url)
  const schema = u.searchParams.get('schema')
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`CSP_DATABASE_URL: the schema "${schema}" is not a plain lower-case name (letters, digits, _).`)
  u.searchParams.delete('schema')
  const max = Number(u.searchParams.get('pool') ?? 10)
  u.searchParams.delete('pool')
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // A dropped idle connection must not bring the app down; the pool replaces it.
  pool.on('error', () => {})
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) })
  const ctx: MigrationContext = { dialect: 'postgres' }
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(ctx),
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const base = common(db, migrator)
  return {
    db,
    dialect: ctx.dialect,
    location: describePostgres(url),
    ...base,
    async migrateToLatest() {
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
      await base.migrateToLatest()
    },
    async backup(dest: string) {
      await dumpDatabase(db, dest)
    },
    async restore(source: string) {
      const header = await readDumpHeader(source)
      const unknown = header.migrations.filter((m) => !migrationNames.includes(m))
      if (unknown.length > 0)
        throw new Error(
          `${source} was written by a newer csp-hub (migrations ${unknown.join(', ')}). Upgrade csp-hub, then restore.`,
        )
      const last = header.migrations.at(-1)
      const ran = new Set((await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name))
      const ahead = [...ran].filter((m) => !header.migrations.includes(m))
      if (ahead.length > 0)
        throw new Error(
          `This database has migrations the backup does not (${ahead.join(', ')}): restore into a new, empty database or schema, then start csp-hub to bring it up to date.`,
        )
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
      if (last) {
        const { error } = await migrator.migrateTo(last)
        if (error)
          throw new Error(
            `Could not prepare the database for the backup: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
          )
      }
      const r = await restoreDump(db, source, (tx, table, rows) =>
        this.bulkInsert(tx as Queryable, table as keyof DB, rows),
      )
      await base.migrateToLatest()
      return r
    },
    bulkWrite: (work) => work(),
    async bulkInsert(q, table, rows) {
      if (rows.length === 0) return
      // PostgreSQL takes at most 65,535 parameters a statement.
      const per = Math.max(1, Math.floor(30000 / Object.keys(rows[0] as object).length))
      for (let i = 0; i < rows.length; i += per)
        await q
          .insertInto(table)
          .values(rows.slice(i, i + per))
          .execute()
    },
    async updateRows(q, table, key, rows) {
      for (const row of rows as readonly Record<string, unknown>[]) {
        const { [key]: id, ...set } = row
        await (q as unknown as Kysely<Record<string, Record<string, unknown>>>)
          .updateTable(table as string)
          .set(set)
          .where(key, '=', id as never)
          .execute()
      }
    },
  }
}
