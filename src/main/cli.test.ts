import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const db = join(mkdtempSync(join(tmpdir(), 'csp-cli-')), 'csp.sqlite')
const csp = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/csp.mjs'), ...args], { env: { ...process.env, CSP_DATABASE_URL: db }, encoding: 'utf8', timeout: 60000 })

describe('the csp command', () => {
  it('loads the demo, resolves an alias, imports boundaries and crime, and prints counts as CSV', () => {
    expect(csp('--help').stdout).toContain('Usage: csp')
    expect(csp('demo', 'load', '--no-crime').stdout).toContain('Loaded the demo partnership: 22 people, 3 meetings')
    expect(csp('people', 'resolve', 'Di Evans').stdout).toMatch(/^Di Evans → Diane Evans/)
    const beats = csp('boundaries', 'import', join(root, 'demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz'), '--layer', 'beats', '--effective-from', '2022-12-01')
    expect(beats.stdout).toContain('Imported 52 beats')
    expect(csp('crimes', 'import', join(root, 'demo/dorset/crime/2025-01-dorset-street.csv.gz')).stdout).toContain('Imported 1 force-month from 1 file: 4156 rows')
    const counts = csp('crimes', 'counts', '--by', 'beat', '--from', '2025-01', '--to', '2025-01')
    expect(counts.status).toBe(0)
    expect(counts.stdout.split('\n')[0]).toBe('area_code,area_name,month,crime_type,count')
    expect(counts.stdout).toContain('E05012709,Portland,2025-01,')
  }, 120000)

  it('explains bad arguments and missing files instead of failing silently', () => {
    const bad = csp('crimes', 'counts', '--by', 'street')
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain('--by must be beat, locality or lsoa')
    const missing = csp('crimes', 'import', join(root, 'no-such-file.csv'))
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no-such-file.csv does not exist.')
  }, 60000)
})
