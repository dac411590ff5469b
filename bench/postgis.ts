/**
 * The same work in PostGIS, for comparison: COPY the CSVs, build points, index, join to beats
 * with ST_Contains and GROUP BY beat, type and month — once with the point-driven plan (GiST on the
 * beats, probed per crime) and once with the polygon-driven plan (GiST on the points, probed per
 * beat). Runs only where Debian's PostgreSQL and PostGIS are installed; talks to the server with
 * psql as the postgres user.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import type { Workload } from './workload'

const psqlArgs = (db: string) => ['-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db]

function psql(db: string, sql: string): string {
  // SQL on standard input: the beats' insert is megabytes, beyond a command line's limit.
  const r = spawnSync('/usr/sbin/runuser', [...psqlArgs(db), '-At'], {
    input: sql,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (r.status !== 0) throw new Error(`psql failed (${r.error?.message ?? r.status}): ${r.stderr}`)
  return r.stdout
}

export function postgisAvailable(): boolean {
  return (
    existsSync('/usr/sbin/runuser') &&
    spawnSync('sh', ['-c', 'ls /usr/share/postgresql/*/extension/postgis.control'], { encoding: 'utf8' }).status === 0
  )
}

function ensureServer(): void {
  if (spawnSync('/usr/sbin/runuser', [...psqlArgs('postgres'), '-c', 'select 1'], { encoding: 'utf8' }).status === 0)
    return
  spawnSync('sh', ['-c', 'pg_ctlcluster 15 main start || (pg_createcluster 15 main && pg_ctlcluster 15 main start)'], {
    stdio: 'inherit',
  })
}

async function copyCrimes(db: string, files: readonly string[]): Promise<void> {
  const child = spawn(
    '/usr/sbin/runuser',
    [
      ...psqlArgs(db),
      '-c',
      'copy crimes (crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, outcome, context) from stdin with (format csv, header false)',
    ],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  )
  for (const f of files) {
    let first = true
    for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
      let c = chunk as Buffer
      if (first) {
        c = c.subarray(c.indexOf(10) + 1)
        first = false
      }
      if (!child.stdin.write(c)) await new Promise<void>((r) => child.stdin.once('drain', () => r()))
    }
  }
  child.stdin.end()
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  if (code !== 0) throw new Error('COPY into PostGIS failed')
}

export interface PostgisTimes {
  pointDriven: number
  polygonDriven: number
  cells: number
}

async function plan(w: Workload, kind: 'point' | 'polygon'): Promise<{ seconds: number; cells: number }> {
  const db = 'csp_bench'
  psql('postgres', `drop database if exists ${db}`)
  psql('postgres', `create database ${db}`)
  psql(db, 'create extension postgis')
  psql(db, 'create table beats (code text primary key, geom geometry(Polygon, 4326))')
  const fc = JSON.parse(readFileSync(w.beatsPath, 'utf8')) as {
    features: { properties: { code: string }; geometry: unknown }[]
  }
  const values = fc.features
    .map((f) => `('${f.properties.code}', ST_SetSRID(ST_GeomFromGeoJSON('${JSON.stringify(f.geometry)}'), 4326))`)
    .join(',\n')
  psql(db, `insert into beats values ${values}`)
  // The point is made as each row is copied (a stored generated column): updating the table after
  // the COPY wrote every row twice and cost PostGIS 20-30 s of a 6M-row run.
  psql(
    db,
    'create unlogged table crimes (crime_id text, month text, reported_by text, falls_within text, longitude double precision, latitude double precision, location text, lsoa_code text, lsoa_name text, crime_type text, outcome text, context text, geom geometry(Point, 4326) generated always as (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) stored)',
  )
  const t0 = performance.now()
  await copyCrimes(db, w.csvPaths)
  if (kind === 'point') psql(db, 'create index on beats using gist (geom)')
  else psql(db, 'create index on crimes using gist (geom)')
  psql(db, 'analyze crimes; analyze beats')
  const cells = psql(
    db,
    `create table counts as select b.code, c.month, c.crime_type, count(*) as n from crimes c join beats b on ST_Contains(b.geom, c.geom) group by 1, 2, 3; select count(*) from counts`,
  ).trim()
  const seconds = (performance.now() - t0) / 1000
  psql('postgres', `drop database ${db}`)
  return { seconds, cells: Number(cells.split('\n').pop()) }
}

export async function runPostgis(w: Workload): Promise<PostgisTimes> {
  ensureServer()
  const p = await plan(w, 'point')
  const q = await plan(w, 'polygon')
  return { pointDriven: p.seconds, polygonDriven: q.seconds, cells: p.cells }
}
