import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs'
import SQLite from 'better-sqlite3'

/**
 * Puts a backup in place of the SQLite database at `target`. The backup is checked first (a
 * readable SQLite file holding csp-hub's migrations and a partnership); the current database is
 * kept beside it as `<target>.before-restore-<time>`; the swap is a rename, so a failure leaves
 * the old database where it was. Stop the app before restoring.
 */
export function restoreSqlite(source: string, target: string, now = new Date()): { kept: string | null } {
  if (!existsSync(source)) throw new Error(`${source} does not exist.`)
  let check: SQLite.Database | undefined
  try {
    check = new SQLite(source, { readonly: true, fileMustExist: true })
    const tables = new Set(
      (check.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    )
    if (!tables.has('kysely_migration') || !tables.has('partnership'))
      throw new Error(`${source} is a SQLite file but not a csp-hub database (no partnership or migrations table).`)
    const integrity = check.pragma('quick_check', { simple: true })
    if (integrity !== 'ok') throw new Error(`${source} is damaged: ${String(integrity)}.`)
  } catch (e) {
    if (e instanceof Error && /csp-hub|damaged/.test(e.message)) throw e
    throw new Error(`${source} is not a readable SQLite database: ${(e as Error).message}`)
  } finally {
    check?.close()
  }
  const tmp = `${target}.restoring-${process.pid}`
  copyFileSync(source, tmp)
  let kept: string | null = null
  if (existsSync(target)) {
    kept = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`
    copyFileSync(target, kept)
  }
  renameSync(tmp, target)
  // The old database's write-ahead log belongs to it, not to the restored file.
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true })
  return { kept }
}
