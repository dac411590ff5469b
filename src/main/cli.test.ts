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
    const hotspots = csp('hotspots', '--group', 'asb', '--from', '2025-01', '--to', '2025-01', '--by', 'beat')
    expect(hotspots.status).toBe(0)
    const lines = hotspots.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('area_code,area_name,type_count,all_count,share,volume_rank,lq,lq_lower,lq_upper,p_adjusted,lq_eb,hotspot')
    expect(lines).toHaveLength(53)
    // The same figure the counts give: Portland's ASB in January.
    const portlandAsb = counts.stdout.split('\n').find((l) => l.startsWith('E05012709,Portland,2025-01,Anti-social behaviour,'))!.split(',').pop()
    expect(lines.find((l) => l.startsWith('E05012709,'))!.split(',')[2]).toBe(portlandAsb)
    const asTable = csp('hotspots', '--group', 'Anti-social behaviour', '--format', 'table')
    expect(asTable.stdout).toMatch(/Anti-social behaviour, 2025-01, by beat/)
    const trend = csp('trends', '--group', 'acquisitive-not-yet', '--format', 'csv')
    expect(trend.stderr).toContain('There is no crime group "acquisitive-not-yet"')
    const asbTrend = csp('trends', '--group', 'asb', '--area', 'E05012709')
    expect(asbTrend.status).toBe(0)
    expect(asbTrend.stdout.split('\n')[0]!.startsWith('month,value,mean,lower_limit,upper_limit,signal')).toBe(true)
    expect(asbTrend.stdout.split('\n')[1]).toBe(`2025-01,${portlandAsb},,,,,common_cause,,,,`)
    const rural = csp('rural', '--group', 'asb')
    expect(rural.status).toBe(0)
    expect(rural.stdout.split('\n')[0]).toBe('month,rural,urban,unclassified,rural_share')
    expect(rural.stderr).toMatch(/rural hotspots|Concentrations rare|Too little rural crime/i)
    expect(csp('groups', 'set', 'acquisitive', '--label', 'Acquisitive crime', '--types', 'Burglary; Robbery; Shoplifting').stdout).toContain('Saved group acquisitive')
    expect(csp('groups', 'list').stdout).toMatch(/acquisitive\s+Acquisitive crime\s+Burglary; Robbery; Shoplifting\s+partnership/)
  }, 120000)

  it('explains bad arguments and missing files instead of failing silently', () => {
    const bad = csp('crimes', 'counts', '--by', 'street')
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain('--by must be beat, locality or lsoa')
    const noGroup = csp('hotspots', '--group', 'burglary-ish')
    expect(noGroup.status).toBe(1)
    expect(noGroup.stderr).toContain('There is no crime group "burglary-ish"')
    expect(csp('hotspots', '--group', 'asb', '--from', '2025-1').stderr).toContain('--from must be a month written YYYY-MM')
    expect(csp('groups', 'set', 'x', '--label', 'X', '--types', 'Burglary; Arson').stderr).toContain('Not police.uk crime types: Arson.')
    const missing = csp('crimes', 'import', join(root, 'no-such-file.csv'))
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no-such-file.csv does not exist.')
  }, 60000)
})
