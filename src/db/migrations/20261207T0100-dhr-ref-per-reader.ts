import { sql, type Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. A DHR's case reference is unique only among the reviews a person can see: a
// database-wide rule would tell a coordinator that a review they may not see exists ("already a
// review with the case reference …"). Other registers keep their references unique.
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  if (ctx.dialect === 'postgres') {
    await sql`alter table register_entry drop constraint register_entry_ref_unique`.execute(db)
  } else {
    // SQLite cannot drop a table constraint: the table is rebuilt without it (SQLite's documented
    // twelve steps; foreign keys off meanwhile, checked before they come back on).
    const row = await sql<{
      sql: string
    }>`select sql from sqlite_master where type = 'table' and name = 'register_entry'`.execute(db)
    const ddl = row.rows[0]!.sql
    const without = ddl
      .replace(/,\s*constraint\s+"?register_entry_ref_unique"?\s+unique\s*\([^)]*\)/i, '')
      .replace(/^create table\s+"?register_entry"?/i, 'create table "register_entry_rebuilt"')
    if (without === ddl || !without.includes('register_entry_rebuilt'))
      throw new Error('register_entry is not as the registers migration made it')
    await sql`pragma foreign_keys = off`.execute(db)
    try {
      await sql.raw(without).execute(db)
      await sql`insert into register_entry_rebuilt select * from register_entry`.execute(db)
      await sql`drop table register_entry`.execute(db)
      await sql`alter table register_entry_rebuilt rename to register_entry`.execute(db)
      const broken = await sql`pragma foreign_key_check`.execute(db)
      if (broken.rows.length) throw new Error(`rebuilding register_entry broke ${broken.rows.length} references`)
    } finally {
      await sql`pragma foreign_keys = on`.execute(db)
    }
  }
  await sql`create unique index register_entry_ref_unique on register_entry (partnership_id, register, ref) where register <> 'dhr'`.execute(
    db,
  )
  await sql`create index register_entry_dhr_ref on register_entry (partnership_id, ref) where register = 'dhr'`.execute(
    db,
  )
}
