import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. A partnership set up from the ONS list knows its code and the local authorities
// it covers: its area is their LSOAs, and a crime is in it by police.uk's own LSOA column.
// A boundary set imported without a date reaches back over the months no other set covers.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('partnership').addColumn('ons_code', 'text').execute()
  await db.schema
    .createTable('partnership_authority')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partnership_authority_pk', ['partnership_id', 'code'])
    .execute()
  // A boundary set imported without a date applies to the months before it that no other set covers.
  await db.schema
    .alterTable('boundary_set')
    .addColumn('backdated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  // Residents of each area, shared from LSOAs by area: worked out on first use and kept (sets never change).
  await db.schema.alterTable('boundary_area').addColumn('population', 'real').execute()
}
