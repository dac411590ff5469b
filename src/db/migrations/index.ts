import type { Kysely, Migration, MigrationProvider } from 'kysely'
import * as m20250101T0000 from './20250101T0000-governance'
import * as m20251126T0100 from './20251126T0100-boundaries'
import * as m20251126T0200 from './20251126T0200-crimes'
import * as m20251126T0300 from './20251126T0300-lookups'
import * as m20251126T0400 from './20251126T0400-crime-segments'
import * as m20251126T0500 from './20251126T0500-crime-groups'
import * as m20251126T0600 from './20251126T0600-measures'
import * as m20251126T0700 from './20251126T0700-accounts'
import * as m20251126T0800 from './20251126T0800-user-person'
import * as m20251126T0900 from './20251126T0900-restriction'
import * as m20251126T1000 from './20251126T1000-audit-append-only'
import * as m20251126T1100 from './20251126T1100-registers'
import * as m20251126T1200 from './20251126T1200-dhr-recommendations'
import * as m20261207T0100 from './20261207T0100-dhr-ref-per-reader'
import * as m20261207T0200 from './20261207T0200-partnership-geography'
import * as m20261207T1200 from './20261207T1200-boundary-point-index'
import * as m20261207T1500 from './20261207T1500-reports'
import * as m20261207T1600 from './20261207T1600-forward-plan-report'
import * as m20261207T1700 from './20261207T1700-calendar-feeds'
import * as m20261207T1800 from './20261207T1800-outbox'
import * as m20261207T1900 from './20261207T1900-agenda-papers'
import * as m20261207T2000 from './20261207T2000-account-links'
import * as m20261207T2100 from './20261207T2100-mail-preferences'
import * as m20261207T2200 from './20261207T2200-agenda-item-details'
import * as m20261207T2300 from './20261207T2300-access-groups'
import * as m20261208T0100 from './20261208T0100-minutes-import'

export interface MigrationContext {
  dialect: 'sqlite' | 'postgres'
}

interface MigrationModule {
  up(db: Kysely<any>, ctx: MigrationContext): Promise<void>
  down?(db: Kysely<any>, ctx: MigrationContext): Promise<void>
}

// A static index rather than a folder scan: it survives bundling and makes the order explicit.
const migrations: Record<string, MigrationModule> = {
  '20250101T0000-governance': m20250101T0000,
  '20251126T0100-boundaries': m20251126T0100,
  '20251126T0200-crimes': m20251126T0200,
  '20251126T0300-lookups': m20251126T0300,
  '20251126T0400-crime-segments': m20251126T0400,
  '20251126T0500-crime-groups': m20251126T0500,
  '20251126T0600-measures': m20251126T0600,
  '20251126T0700-accounts': m20251126T0700,
  '20251126T0800-user-person': m20251126T0800,
  '20251126T0900-restriction': m20251126T0900,
  '20251126T1000-audit-append-only': m20251126T1000,
  '20251126T1100-registers': m20251126T1100,
  '20251126T1200-dhr-recommendations': m20251126T1200,
  '20261207T0100-dhr-ref-per-reader': m20261207T0100,
  '20261207T0200-partnership-geography': m20261207T0200,
  '20261207T1200-boundary-point-index': m20261207T1200,
  '20261207T1500-reports': m20261207T1500,
  '20261207T1600-forward-plan-report': m20261207T1600,
  '20261207T1700-calendar-feeds': m20261207T1700,
  '20261207T1800-outbox': m20261207T1800,
  '20261207T1900-agenda-papers': m20261207T1900,
  '20261207T2000-account-links': m20261207T2000,
  '20261207T2100-mail-preferences': m20261207T2100,
  '20261207T2200-agenda-item-details': m20261207T2200,
  '20261207T2300-access-groups': m20261207T2300,
  '20261208T0100-minutes-import': m20261208T0100,
}

export const migrationNames = Object.keys(migrations)

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly ctx: MigrationContext) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {}
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = {
        up: (db) => m.up(db, this.ctx),
        ...(m.down ? { down: (db: Kysely<any>) => m.down!(db, this.ctx) } : {}),
      }
    }
    return out
  }
}
