// The national workload the peers were measured on, through the CLI as a user runs it: each step a
// fresh `csp` process (built JavaScript; `npm run build` first), timed wall-clock with its peak RSS.
// Generates the workload into .bench-data/ the first time (bench/peer-workload.mjs, byte for byte
// the peers' generator). `npm run bench:national [-- --rows 1000000] [--runs 3]`.
// With CSP_BENCH_POSTGIS_URL (a PostgreSQL database where PostGIS can be created) the tuned PostGIS
// plan runs on the same files in the same run, through psql, for the ratio; without it the peers'
// published figure is quoted instead.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? fallback : process.argv[i + 1]!
}
const rows = Number(arg('rows', '1000000'))
const runs = Number(arg('runs', '3'))
const data = join(root, '.bench-data')
const polygons = join(data, 'polygons.geojson')
const crimes = join(data, `crimes-${rows}.csv`)
mkdirSync(data, { recursive: true })

function generate(what: string[], out: string) {
  if (existsSync(out)) return
  console.log(`Generating ${out} …`)
  const r = spawnSync(process.execPath, [join(root, 'bench/peer-workload.mjs'), ...what, '--out', out], {
    stdio: 'inherit',
  })
  if (r.status !== 0) throw new Error(`the generator failed for ${out}`)
}
generate(['polygons'], polygons)
generate(['crimes', '--rows', String(rows), '--polygons', polygons], crimes)

/** Runs `csp` once in a fresh process; wall seconds and peak RSS (MB) of that process. */
function csp(db: string, args: string[]): { seconds: number; rssMb: number } {
  const time = existsSync('/usr/bin/time')
  const started = performance.now()
  const r = spawnSync(
    time ? '/usr/bin/time' : process.execPath,
    time ? ['-f', '%M', process.execPath, join(root, 'bin/csp.mjs'), ...args] : [join(root, 'bin/csp.mjs'), ...args],
    { env: { ...process.env, CSP_DATABASE_URL: db }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  const seconds = (performance.now() - started) / 1000
  if (r.status !== 0) throw new Error(`csp ${args.join(' ')} failed: ${r.stderr.slice(-500)}`)
  const kb = time ? Number(r.stderr.trim().split('\n').pop()) : NaN
  return { seconds, rssMb: Math.round(kb / 1024) }
}

const postgis = process.env.CSP_BENCH_POSTGIS_URL
/** The polygons as code<TAB>GeoJSON geometry, the form psql's \copy loads (prepared once, not timed). */
function polygonsTsv(): string {
  const out = join(data, 'polygons.tsv')
  if (!existsSync(out)) {
    const fc = JSON.parse(readFileSync(polygons, 'utf8')) as {
      features: { properties: Record<string, unknown>; geometry: unknown }[]
    }
    const code = Object.keys(fc.features[0]!.properties)[0]!
    writeFileSync(
      out,
      fc.features.map((f) => `${String(f.properties[code])}\t${JSON.stringify(f.geometry)}`).join('\n'),
    )
  }
  return out
}
/**
 * The tuned PostGIS plan, as a PostGIS user writes it: unlogged tables, the beats loaded and cut
 * into pieces of at most 64 vertices (ST_Subdivide) under a GiST index, the CSV by \copy, each
 * distinct point joined once (police.uk's points are shared), counted by beat, type and month;
 * parallel query on. Wall seconds of one psql. On this machine it takes 14 s at 1M rows, where the
 * peers' tuned plan took 9.6 s on theirs: both are printed.
 */
function postgisPlan(): number {
  const script = String.raw`
\set ON_ERROR_STOP on
SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'; SET synchronous_commit = off;
SET max_parallel_workers_per_gather = 2;
DROP TABLE IF EXISTS beats_raw, beats, crimes, points, point_beat, counts;
CREATE UNLOGGED TABLE beats_raw (code text, geojson text);
\copy beats_raw FROM '${polygonsTsv()}'
CREATE UNLOGGED TABLE beats AS SELECT code, ST_Subdivide(ST_GeomFromGeoJSON(geojson), 64) AS geom FROM beats_raw;
CREATE INDEX ON beats USING gist (geom);
ANALYZE beats;
CREATE UNLOGGED TABLE crimes (crime_id text, month text, reported_by text, falls_within text, lon float8, lat float8,
  location text, lsoa_code text, lsoa_name text, crime_type text, outcome text, context text);
\copy crimes FROM '${crimes}' WITH (FORMAT csv, HEADER true)
CREATE UNLOGGED TABLE points AS SELECT DISTINCT lon, lat FROM crimes WHERE lon IS NOT NULL;
CREATE UNLOGGED TABLE point_beat AS
  SELECT p.lon, p.lat, b.code FROM points p
  JOIN beats b ON ST_Intersects(b.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326));
CREATE UNLOGGED TABLE counts AS
  SELECT pb.code, c.crime_type, c.month, count(*) AS n
  FROM crimes c JOIN point_beat pb USING (lon, lat) GROUP BY 1, 2, 3;
`
  const started = performance.now()
  const r = spawnSync('psql', ['-q', postgis!, '-c', 'CREATE EXTENSION IF NOT EXISTS postgis', '-f', '-'], {
    input: script,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`the PostGIS plan failed: ${r.stderr.slice(-500)}`)
  return (performance.now() - started) / 1000
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const steps: Record<string, { seconds: number[]; rssMb: number[] }> = {}
const record = (name: string, m: { seconds: number; rssMb: number }) => {
  const s = (steps[name] ??= { seconds: [], rssMb: [] })
  s.seconds.push(m.seconds)
  s.rssMb.push(m.rssMb)
}

for (let run = 1; run <= runs; run++) {
  const db = join(data, `national-${run}.sqlite`)
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true })
  record('csp --version', csp(db, ['--version']))
  csp(db, ['partnership', 'create', '--name', 'National bench'])
  record('boundaries import (4,501 beats)', csp(db, ['boundaries', 'import', polygons, '--layer', 'beats']))
  record(`crimes import (${rows.toLocaleString('en-GB')} rows, one file)`, csp(db, ['crimes', 'import', crimes]))
  const window = ['--group', 'asb', '--by', 'beat', '--from', '2024-01', '--to', '2024-12', '--format', 'csv']
  record('hotspots by beat, 12 months (first: residents worked out)', csp(db, ['hotspots', ...window]))
  record('hotspots by beat, 12 months (again)', csp(db, ['hotspots', ...window]))
  record('trends, the whole area', csp(db, ['trends', '--group', 'asb', '--format', 'csv']))
  if (postgis) record('PostGIS tuned plan (load, index, join, count)', { seconds: postgisPlan(), rssMb: NaN })
  console.log(`run ${run} of ${runs} done`)
}

console.log(`\nThe peers' workload through the CLI, each step a fresh process (median of ${runs}; range):\n`)
console.log('| step | seconds | peak RSS (MB) |\n|---|---|---|')
for (const [name, s] of Object.entries(steps)) {
  const range = (xs: number[], d: number) =>
    xs.some(Number.isNaN)
      ? '—'
      : `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`
  console.log(`| ${name} | ${range(s.seconds, 2)} | ${range(s.rssMb, 0)} |`)
}
const endToEnd =
  median(steps['boundaries import (4,501 beats)']!.seconds) +
  median(steps[`crimes import (${rows.toLocaleString('en-GB')} rows, one file)`]!.seconds)
const published = rows === 6000000 ? 44.8 : 9.6
const thisRun = postgis ? median(steps['PostGIS tuned plan (load, index, join, count)']!.seconds) : undefined
console.log(
  `\nBoundary load and crime import end to end, both process starts included: ${endToEnd.toFixed(2)} s. ` +
    (thisRun ? `PostGIS in this run ${thisRun.toFixed(2)} s: ${(thisRun / endToEnd).toFixed(1)}x; ` : '') +
    `the peers' published PostGIS tuned ${published} s: ${(published / endToEnd).toFixed(1)}x.`,
)
