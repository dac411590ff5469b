import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { createGunzip, createGzip } from 'node:zlib'
import { sql, type Kysely } from 'kysely'

/**
 * csp-hub's PostgreSQL backup: every table's rows, read in one repeatable-read snapshot (so it is
 * consistent while the app writes), as gzipped JSON lines. Line 1 says what the file is and which
 * migrations the rows belong to; then each table's name and columns, then its rows as arrays
 * (bytes as {"$b64": …}). Tables come parents first, so a restore can insert them in file order.
 */
export const DUMP_FORMAT = 'csp-hub database dump'

interface DumpHeader {
  format: string
  version: 1
  created: string
  migrations: string[]
}

const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock'])

/** The schema's tables, each after the tables its foreign keys point at. */
export async function tablesInOrder(db: Kysely<any>): Promise<string[]> {
  const tables = (
    await sql<{
      name: string
    }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
      db,
    )
  ).rows
    .map((r) => r.name)
    .filter((t) => !MIGRATION_TABLES.has(t))
  const edges = (
    await sql<{ child: string; parent: string }>`
      select tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db)
  ).rows
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]))
  for (const e of edges) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent)
  const out: string[] = []
  const placed = new Set<string>()
  while (out.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)),
    )
    if (!next)
      throw new Error(
        `The tables ${tables.filter((t) => !placed.has(t)).join(', ')} refer to each other in a cycle; they cannot be dumped in order.`,
      )
    out.push(next)
    placed.add(next)
  }
  return out
}

const encode = (v: unknown) => (Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : v)
const decode = (v: unknown) =>
  v !== null && typeof v === 'object' && '$b64' in v ? Buffer.from((v as { $b64: string }).$b64, 'base64') : v

/** Writes the dump to `dest` through a temporary file, renamed into place only when complete. */
export async function dumpDatabase(
  db: Kysely<any>,
  dest: string,
  now = new Date(),
): Promise<{ tables: number; rows: number }> {
  const tmp = `${dest}.partial-${process.pid}`
  let tables = 0
  let rows = 0
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        await sql`set transaction read only`.execute(tx)
        const migrations = (await tx.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map(
          (r) => r.name as string,
        )
        const order = await tablesInOrder(tx)
        async function* lines(): AsyncGenerator<string> {
          const header: DumpHeader = { format: DUMP_FORMAT, version: 1, created: now.toISOString(), migrations }
          yield `${JSON.stringify(header)}\n`
          for (const table of order) {
            const columns = (
              await sql<{
                name: string
              }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(
                tx,
              )
            ).rows.map((r) => r.name)
            yield `${JSON.stringify({ table, columns })}\n`
            tables++
            for await (const row of tx.selectFrom(table).selectAll().stream(500)) {
              rows++
              yield `${JSON.stringify(columns.map((c) => encode((row as Record<string, unknown>)[c])))}\n`
            }
          }
        }
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(tmp))
      })
    renameSync(tmp, dest)
  } finally {
    rmSync(tmp, { force: true })
  }
  return { tables, rows }
}

/** Reads a dump's first line and says whether it is one, and which migrations its rows belong to. */
export async function readDumpHeader(source: string): Promise<DumpHeader> {
  const rl = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity })
  try {
    for await (const line of rl) {
      const h = JSON.parse(line) as DumpHeader
      if (h.format !== DUMP_FORMAT) throw new Error('no csp-hub header')
      return h
    }
    throw new Error('empty')
  } catch (e) {
    throw new Error(
      `${source} is not a csp-hub PostgreSQL backup (${(e as Error).message}). Give a file written by "csp db backup" on PostgreSQL.`,
    )
  } finally {
    rl.close()
  }
}

/**
 * Replaces every row of the database (already migrated to the dump's migrations) with the dump's,
 * in one transaction: a bad line or a failed insert leaves the database as it was.
 */
export async function restoreDump(
  db: Kysely<any>,
  source: string,
  bulk: (tx: Kysely<any>, table: string, rows: Record<string, unknown>[]) => Promise<void>,
): Promise<{ tables: number; rows: number }> {
  let tables = 0
  let rows = 0
  await db.transaction().execute(async (tx) => {
    const order = await tablesInOrder(tx)
    if (order.length > 0) await sql`truncate table ${sql.join(order.map((t) => sql.id(t)))}`.execute(tx)
    const rl = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity })
    let lineNo = 0
    let table: string | undefined
    let columns: string[] = []
    let batch: Record<string, unknown>[] = []
    const flush = async () => {
      if (table && batch.length > 0) await bulk(tx, table, batch)
      batch = []
    }
    for await (const line of rl) {
      lineNo++
      if (lineNo === 1 || line === '') continue
      let v: unknown
      try {
        v = JSON.parse(line)
      } catch {
        throw new Error(`${source}, line ${lineNo}: not JSON; the backup is damaged. Nothing was restored.`)
      }
      if (Array.isArray(v)) {
        if (!table)
          throw new Error(
            `${source}, line ${lineNo}: a row before any table; the backup is damaged. Nothing was restored.`,
          )
        batch.push(Object.fromEntries(columns.map((c, i) => [c, decode(v[i])])))
        rows++
        if (batch.length >= 500) await flush()
      } else {
        await flush()
        const t = v as { table: string; columns: string[] }
        if (!order.includes(t.table))
          throw new Error(
            `${source}, line ${lineNo}: the table "${t.table}" is not in this database. Nothing was restored.`,
          )
        table = t.table
        columns = t.columns
        tables++
      }
    }
    await flush()
  })
  return { tables, rows }
}
