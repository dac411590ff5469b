import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../web/test-app'
import { POLICE_UK_HEADER } from '../../../crime-engine'

/** Hostile files as small generated fixtures: each must stop with a located message, nothing written. */
let t: TestApp
let dir: string
const actor = { name: 'system:test' }
const header = `${POLICE_UK_HEADER.join(',')}\n`
const row = (i: number) =>
  `id${String(i).padStart(62, '0')},2025-01,Dorset Police,Dorset Police,-2.4,50.6,On or near X,E01020441,Dorset 001A,Burglary,Under investigation,\n`

beforeAll(async () => {
  // Small limits, so the fixtures stay small: 64 KB rows, 4 MB unpacked per file.
  t = await buildTestApp({ now: '2026-01-15T09:00:00Z', env: { CSP_MAX_RECORD_KB: '64', CSP_MAX_UNPACKED_MB: '4' } })
  dir = mkdtempSync(join(tmpdir(), 'csp-bombs-'))
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await t.close()
})

async function importRefused(file: string, workers: number) {
  const p = (await t.container.services.partnership.current()).id
  const before = await t.container.database.db.selectFrom('crime_unit').select('id').execute()
  const error = await t.container.services.crimes.import(p, [file], actor, undefined, { workers }).then(
    () => undefined,
    (e: Error) => e,
  )
  expect(await t.container.database.db.selectFrom('crime_unit').select('id').execute()).toEqual(before)
  return error?.message ?? 'imported'
}

describe('decompression bombs and endless lines', () => {
  it('stops a .gz holding one endless line at the row limit, in this thread and in a worker', async () => {
    const file = join(dir, '2025-01-dorset-street.csv.gz')
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from(header), Buffer.alloc(64 * 1024 * 1024, 'a')])))
    for (const workers of [0, 1]) {
      const message = await importRefused(file, workers)
      expect(message, `workers ${workers}`).toMatch(
        /2025-01-dorset-street\.csv\.gz, line 2: a row runs past 64 KB without ending/,
      )
      expect(message).toContain('CSP_MAX_RECORD_KB')
    }
  })

  it('stops a zip entry of one endless line, streamed by the worker', async () => {
    const zip = new JSZip()
    zip.file(
      '2025-01/2025-01-dorset-street.csv',
      Buffer.concat([Buffer.from(header), Buffer.alloc(32 * 1024 * 1024, 'b')]),
    )
    const file = join(dir, 'bulk.zip')
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))
    for (const workers of [0, 1]) expect(await importRefused(file, workers)).toMatch(/line 2: a row runs past 64 KB/)
  })

  it('stops a file of valid rows that unpacks past the limit', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => row(i)).join('')
    const file = join(dir, '2025-02-dorset-street.csv.gz')
    writeFileSync(file, gzipSync(header + rows.replaceAll('2025-01', '2025-02')))
    for (const workers of [0, 1])
      expect(await importRefused(file, workers)).toMatch(
        /2025-02-dorset-street\.csv\.gz unpacks to more than 4 MB.*CSP_MAX_UNPACKED_MB/,
      )
  })

  it('reads a web upload in a worker thread and reports the refusal on the job page, with no server path in it', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from(header), Buffer.alloc(16 * 1024 * 1024, 'c')]))
    const res = await t.upload('/data/crimes/upload', '/data/crimes/upload', {}, [
      { field: 'files', name: '2025-03-dorset-street.csv.gz', content: bomb },
    ])
    expect(res.statusCode).toBe(303)
    let status = { status: 'running' }
    for (let i = 0; i < 200 && status.status === 'running'; i++) {
      // The server answers while the file is read.
      expect((await t.app.inject('/health')).statusCode).toBe(200)
      status = (await t.app.inject(`${res.headers.location}/status`)).json()
      await new Promise((r) => setTimeout(r, 25))
    }
    expect(status.status).toBe('failed')
    const page = await t.app.inject(String(res.headers.location))
    expect(page.body).toContain('2025-03-dorset-street.csv.gz, line 2: a row runs past 64 KB')
    expect(page.body).not.toContain(tmpdir())
  })
})

describe('replacing a force-month with far fewer rows', () => {
  it('asks first: refused with the numbers unless the replacement is confirmed', async () => {
    const p = (await t.container.services.partnership.current()).id
    const full = join(dir, '2025-05-dorset-street.csv')
    writeFileSync(
      full,
      header +
        Array.from({ length: 200 }, (_, i) => row(i))
          .join('')
          .replaceAll('2025-01', '2025-05'),
    )
    await t.container.services.crimes.import(p, [full], actor)
    const one = join(dir, 'one', '2025-05-dorset-street.csv')
    mkdirSync(join(dir, 'one'))
    writeFileSync(one, header + row(1).replace('2025-01', '2025-05'))
    const refused = await t.container.services.crimes.import(p, [one], actor).then(
      () => 'imported',
      (e: Error) => e.message,
    )
    expect(refused).toBe(
      'Nothing was imported: a force-month would be replaced by far fewer rows than are held (Dorset Police 2025-05: 1 row in 2025-05-dorset-street.csv where 200 are held). If that is what you mean, import again and confirm the replacement.',
    )
    const held = () =>
      t.container.database.db
        .selectFrom('crime_unit')
        .select('rows')
        .where('month', '=', '2025-05')
        .executeTakeFirstOrThrow()
    expect((await held()).rows).toBe(200)
    await t.container.services.crimes.import(p, [one], actor, undefined, { replaceSmaller: true })
    expect((await held()).rows).toBe(1)
  })
})
