import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../db/test-database'

const root = fileURLToPath(new URL('../../', import.meta.url))
const database = testDatabase(join(mkdtempSync(join(tmpdir(), 'csp-cli-')), 'csp.sqlite'))
const db = database.url
afterAll(() => database.drop())
/** Runs csp as a user would, without blocking the test runner while it works. */
function run(
  args: string[],
  input?: string,
  url = db,
): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/csp.mjs'), ...args], {
      env: { ...process.env, CSP_DATABASE_URL: url },
      timeout: 60000,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (status) => resolve({ stdout, stderr, status }))
    child.stdin.end(input ?? '')
  })
}
const csp = (...args: string[]) => run(args)

describe('the csp command', () => {
  it('loads the demo, resolves an alias, imports boundaries and crime, and prints counts as CSV', async () => {
    expect((await csp('--help')).stdout).toContain('Usage: csp')
    expect((await csp('demo', 'load', '--no-crime')).stdout).toContain(
      'Loaded the demo partnership: 22 people, 3 meetings',
    )
    expect((await csp('people', 'resolve', 'Di Evans')).stdout).toMatch(/^Di Evans → Diane Evans/)
    const beats = await csp(
      'boundaries',
      'import',
      join(root, 'demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz'),
      '--layer',
      'beats',
      '--effective-from',
      '2022-12-01',
    )
    expect(beats.stdout).toContain('Imported 52 beats')
    expect(
      (await csp('crimes', 'import', join(root, 'demo/dorset/crime/2025-01-dorset-street.csv.gz'))).stdout,
    ).toContain('Imported 1 force-month from 1 file: 4156 rows')
    const counts = await csp('crimes', 'counts', '--by', 'beat', '--from', '2025-01', '--to', '2025-01')
    expect(counts.status).toBe(0)
    expect(counts.stdout.split('\n')[0]).toBe('area_code,area_name,month,crime_type,count')
    expect(counts.stdout).toContain('E05012709,Portland,2025-01,')
    const hotspots = await csp('hotspots', '--group', 'asb', '--from', '2025-01', '--to', '2025-01', '--by', 'beat')
    expect(hotspots.status).toBe(0)
    const lines = hotspots.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      'area_code,area_name,type_count,all_count,share,volume_rank,lq,lq_lower,lq_upper,p_adjusted,lq_eb,hotspot,population,rate_per_1000',
    )
    expect(lines).toHaveLength(53)
    // The same figure the counts give: Portland's ASB in January.
    const portlandAsb = counts.stdout
      .split('\n')
      .find((l) => l.startsWith('E05012709,Portland,2025-01,Anti-social behaviour,'))!
      .split(',')
      .pop()
    expect(lines.find((l) => l.startsWith('E05012709,'))!.split(',')[2]).toBe(portlandAsb)
    const asTable = await csp('hotspots', '--group', 'Anti-social behaviour', '--format', 'table')
    expect(asTable.stdout).toMatch(/Anti-social behaviour, 2025-01, by beat/)
    const trend = await csp('trends', '--group', 'acquisitive-not-yet', '--format', 'csv')
    expect(trend.stderr).toContain('There is no crime group "acquisitive-not-yet"')
    const asbTrend = await csp('trends', '--group', 'asb', '--area', 'E05012709')
    expect(asbTrend.status).toBe(0)
    expect(asbTrend.stdout.split('\n')[0]!.startsWith('month,value,mean,lower_limit,upper_limit,signal')).toBe(true)
    expect(asbTrend.stdout.split('\n')[1]).toBe(`2025-01,${portlandAsb},,,,,common_cause,,,,`)
    const rural = await csp('rural', '--group', 'asb')
    expect(rural.status).toBe(0)
    expect(rural.stdout.split('\n')[0]).toBe('month,rural,urban,unclassified,rural_share')
    expect(rural.stderr).toMatch(/rural hotspots|Concentrations rare|Too little rural crime/i)
    expect(
      (await csp('measures', 'add', 'fly-tipping', '--label', 'Fly-tipping incidents', '--owner', 'Waste team')).stdout,
    ).toContain('Added Fly-tipping incidents (fly-tipping).')
    const flyFile = join(mkdtempSync(join(tmpdir(), 'csp-cli-m-')), 'fly.csv')
    writeFileSync(flyFile, 'month,value\n2025-01,40\n2025-02,x\n')
    const refused = await csp('measures', 'upload', 'fly-tipping', flyFile)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('Line 3, column value: "x" is not a number.')
    writeFileSync(flyFile, 'month,value\n2025-01,40\n2025-02,38\n2025-03,45\n')
    expect((await csp('measures', 'upload', 'fly-tipping', flyFile)).stdout).toContain(
      'Uploaded 3 months to Fly-tipping incidents.',
    )
    expect((await csp('measures', 'show', 'fly-tipping', '--format', 'csv')).stdout.split('\n')[1]).toMatch(
      /^2025-01,40,,41,/,
    )
    expect(
      (
        await csp(
          'groups',
          'set',
          'acquisitive',
          '--label',
          'Acquisitive crime',
          '--types',
          'Burglary; Robbery; Shoplifting',
        )
      ).stdout,
    ).toContain('Saved group acquisitive')
    expect((await csp('groups', 'list')).stdout).toMatch(
      /acquisitive\s+Acquisitive crime\s+Burglary; Robbery; Shoplifting\s+partnership/,
    )
  }, 120000)

  it('makes the first administrator with a piped password, lists and disables accounts', async () => {
    const withInput = (input: string, ...args: string[]) => run(args, input)
    const add = await withInput(
      'a very long passphrase\n',
      'users',
      'add',
      'chair@example.org',
      '--role',
      'administrator',
      '--agency',
      'Dorset Council',
    )
    expect(add.stderr).toBe('')
    expect(add.stdout).toBe('Added chair@example.org as administrator.\n')
    const generated = await csp('users', 'add', 'analyst@example.org', '--role', 'analyst')
    expect(generated.stdout).toMatch(/Password \(shown once\): [a-zA-Z2-9]{20}/)
    expect((await csp('users', 'list')).stdout).toMatch(
      /chair@example\.org\s+chair@example\.org\s+administrator\s+Dorset Council/,
    )
    expect((await withInput('a new long passphrase\n', 'users', 'password', 'chair@example.org')).stdout).toBe(
      'Set a new password for chair@example.org.\n',
    )
    expect((await csp('users', 'disable', 'analyst@example.org')).stdout).toContain('Disabled analyst@example.org.')
    expect((await csp('users', 'list')).stdout).toMatch(/analyst@example\.org.*disabled/)
    expect((await withInput('short\n', 'users', 'add', 'x@example.org', '--role', 'viewer')).stderr).toContain(
      'at least 12 characters',
    )
  }, 60000)

  it('backs the database up while it is in use and restores it, keeping the one it replaces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-cli-b-'))
    const backup = join(dir, 'backup.csp')
    expect((await csp('db', 'backup', backup)).stdout).toContain(`to ${backup}.`)
    const before = (await csp('measures', 'list')).stdout
    // A change after the backup, then the restore takes it away again.
    expect((await csp('measures', 'add', 'after-backup', '--label', 'Made after the backup')).status).toBe(0)
    const restored = await csp('db', 'restore', backup)
    expect(restored.status, restored.stderr).toBe(0)
    expect(restored.stdout).toMatch(
      database.engine === 'sqlite'
        ? /Restored .* The previous database is kept as .*before-restore-/
        : /Restored PostgreSQL .* rows in \d+ tables\./,
    )
    expect((await csp('measures', 'list')).stdout).toBe(before)
    expect((await csp('users', 'list')).stdout).toMatch(/chair@example\.org/)
    const notDb = join(dir, 'not.csp')
    writeFileSync(notDb, 'hello')
    const refused = await csp('db', 'restore', notDb)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain(
      database.engine === 'sqlite' ? 'is not a readable SQLite database' : 'is not a csp-hub PostgreSQL backup',
    )
    expect((await csp('measures', 'list')).stdout).toBe(before)
  }, 60000)

  it('explains bad arguments and missing files instead of failing silently', async () => {
    const bad = await csp('crimes', 'counts', '--by', 'street')
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain('--by must be beat, locality, ward or lsoa')
    const noGroup = await csp('hotspots', '--group', 'burglary-ish')
    expect(noGroup.status).toBe(1)
    expect(noGroup.stderr).toContain('There is no crime group "burglary-ish"')
    expect((await csp('hotspots', '--group', 'asb', '--from', '2025-1')).stderr).toContain(
      '--from must be a month written YYYY-MM',
    )
    expect((await csp('groups', 'set', 'x', '--label', 'X', '--types', 'Burglary; Arson')).stderr).toContain(
      'Not police.uk crime types: Arson.',
    )
    const missing = await csp('crimes', 'import', join(root, 'no-such-file.csv'))
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no-such-file.csv does not exist.')
  }, 60000)

  it('imports a register from CSV all or nothing, exports it, and keeps imported reviews restricted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-cli-registers-'))
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    }
    const bad = await csp(
      'registers',
      'import',
      'assessments',
      file(
        'bad.csv',
        'ref,title,status,status_since\nA7,Hate Crime Needs Assessment,drafting,2025-11-01\nA8,Short row,planned\n',
      ),
    )
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('Row 2, column status: "drafting" is not a status of this register')
    expect(bad.stderr).toContain('Row 3 has 3 fields but the header has 4')
    expect(bad.stderr).toContain('bad.csv: nothing was imported.')
    expect((await csp('registers', 'export', 'assessments')).stdout).not.toContain('A7,')
    const ok = await csp(
      'registers',
      'import',
      'assessments',
      file(
        'ok.csv',
        'ref,title,status,status_since,dueDate\nA7,Hate Crime Needs Assessment,planned,2025-11-01,2026-03-31\n',
      ),
    )
    expect(ok.stdout).toBe('Imported 1 entry into assessments.\n')
    const out = join(dir, 'assessments.csv')
    await csp('registers', 'export', 'assessments', '--out', out)
    expect(readFileSync(out, 'utf8')).toContain('\nA7,Hate Crime Needs Assessment,planned,2025-11-01,,,2026-03-31,\n')
    // There are accounts now (the test before made them): reviews need someone named to see them.
    const reviews = file('dhr.csv', 'ref,title,notified_on,ongoing_on\nDHR-CLI-1,DHR CLI 1,2025-01-10,2025-02-01\n')
    const unnamed = await csp('registers', 'import', 'dhr', reviews)
    expect(unnamed.status).toBe(1)
    expect(unnamed.stderr).toContain('name who may see the imported reviews with --restrict-to')
    expect((await csp('registers', 'import', 'dhr', reviews, '--restrict-to', 'chair@example.org')).stdout).toBe(
      'Imported 1 entry into dhr.\n',
    )
    expect((await csp('registers', 'export', 'dhr')).stdout).toContain(
      '\nDHR-CLI-1,DHR CLI 1,ongoing,2025-02-01,,2025-01-10,,2025-02-01,',
    )
    expect((await csp('registers', 'export', 'crimes')).stderr).toContain('There is no register called "crimes"')
  }, 60000)
})

describe('csp partnership: a partnership of its own from the ONS list', () => {
  const own = testDatabase(join(mkdtempSync(join(tmpdir(), 'csp-cli-own-')), 'csp.sqlite'))
  afterAll(() => own.drop())
  const cspOwn = (...args: string[]) => run(args, '', own.url)

  it('finds, creates with its first administrator, shows, refuses a second, and counts Wiltshire by ward before any boundary', async () => {
    const found = await cspOwn('partnership', 'find', 'wilts')
    expect(found.stdout).toMatch(/E22000361\s+Wiltshire\s+Wiltshire \(E06000054\)\s+Wiltshire/)
    const none = await cspOwn('partnership', 'find', 'atlantis')
    expect(none.stdout).toContain('No partnership on the ONS list matches "atlantis"')
    expect((await cspOwn('partnership', 'create')).stderr).toContain(
      "Give the partnership's name (--name) or its ONS code (--ons-code)",
    )
    const made = await run(
      ['partnership', 'create', '--ons-code', 'E22000361', '--admin', 'chair@wilts.example.org'],
      'a long chosen passphrase\n',
      own.url,
    )
    expect(made.status, made.stderr).toBe(0)
    expect(made.stdout).toContain('Created Wiltshire Community Safety Partnership (E22000361).')
    expect(made.stdout).toContain('Area: 307 LSOAs of Wiltshire (E06000054)')
    expect(made.stdout).toContain('Administrator: chair@wilts.example.org.')
    expect(made.stdout).not.toContain('Password (shown once)')
    const shown = JSON.parse((await cspOwn('partnership', 'show', '--json')).stdout)
    expect(shown).toMatchObject({
      onsCode: 'E22000361',
      lsoas: 307,
      authorities: [{ code: 'E06000054', name: 'Wiltshire' }],
    })
    const again = await cspOwn('partnership', 'create', '--ons-code', 'E22000291')
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('already holds a partnership')
    const imported = await cspOwn(
      'crimes',
      'import',
      ...['01', '02', '03'].map((m) => join(root, `fixtures/crime/2025-${m}-wiltshire-street.csv.gz`)),
    )
    expect(imported.status, imported.stderr).toBe(0)
    expect(imported.stderr).toContain(
      "Note: A crime is in the partnership's area when police.uk's LSOA code is one of its local authorities' LSOAs",
    )
    expect(imported.stderr).toContain(
      'Note: No police beats are imported: hotspots and counts use electoral wards until they are.',
    )
    const counts = await cspOwn('crimes', 'counts', '--by', 'beat')
    expect(counts.stdout.split('\n')[0]).toBe('area_code,area_name,month,crime_type,count')
    expect(counts.stdout.split('\n').length).toBeGreaterThan(100)
    expect(counts.stderr).toContain('Note: No police beats are imported yet: the figures are by electoral ward.')
    const hot = await cspOwn(
      'hotspots',
      '--group',
      'asb',
      '--by',
      'ward',
      '--from',
      '2025-01',
      '--to',
      '2025-03',
      '--format',
      'csv',
    )
    expect(hot.stdout.split('\n')[0]).toMatch(/,population,rate_per_1000$/)
    expect(hot.stdout.trim().split('\n')).toHaveLength(1 + 98)
  }, 120000)
})
