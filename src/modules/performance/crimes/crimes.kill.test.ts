import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../config'
import { buildContainer } from '../../../container'
import { testDatabase } from '../../../db/test-database'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

describe('a crime import killed part-way', () => {
  it('leaves the database exactly as it was', async () => {
    const database = testDatabase(join(mkdtempSync(join(tmpdir(), 'csp-kill-')), 'csp.sqlite'))
    const dbPath = database.url
    const setup = await buildContainer(loadConfig({ CSP_DATABASE_URL: dbPath }))
    await setup.services.demo.load({ name: 'system:test' })
    await setup.close()

    const child = spawn(
      process.execPath,
      [join(root, 'bin/csp.mjs'), 'crimes', 'import', join(root, 'demo/dorset/crime')],
      {
        env: { ...process.env, CSP_DATABASE_URL: dbPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let seen = ''
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        seen += d.toString()
        // Well into the import: three force-months have been written inside the open transaction.
        if (/progress 4\/12/.test(seen) && child.kill('SIGKILL')) resolve(true)
      })
      child.on('exit', () => resolve(false))
    })
    expect(killed, `the import finished before it could be killed:\n${seen}`).toBe(true)
    await new Promise((r) => child.on('exit', r))

    const after = await buildContainer(loadConfig({ CSP_DATABASE_URL: dbPath }))
    const db = after.database.db
    const count = async (table: 'crime_unit' | 'crime_import' | 'crime_count' | 'crime_unit_data') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect([
      await count('crime_import'),
      await count('crime_unit'),
      await count('crime_unit_data'),
      await count('crime_count'),
    ]).toEqual([0, 0, 0, 0])
    if (database.engine === 'sqlite') {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
      expect(integrity.rows[0]!.integrity_check).toBe('ok')
    }
    // And the database still works: the same import now runs to the end.
    const p = await after.services.partnership.current()
    const r = await after.services.crimes.import(p.id, [join(root, 'demo/dorset/crime')], { name: 'system:test' })
    expect(r.units).toHaveLength(12)
    await after.close()
    await database.drop()
  }, 60000)
})
