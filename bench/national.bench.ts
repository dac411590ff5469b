// The national workload the peers were measured on, through the CLI as a user runs it: each step a
// fresh `csp` process (built JavaScript; `npm run build` first), timed wall-clock with its peak RSS.
// Generates the workload into .bench-data/ the first time (bench/peer-workload.mjs, byte for byte
// the peers' generator). `npm run bench:national [-- --rows 1000000] [--runs 3]`.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
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
  console.log(`run ${run} of ${runs} done`)
}

console.log(`\nThe peers' workload through the CLI, each step a fresh process (median of ${runs}; range):\n`)
console.log('| step | seconds | peak RSS (MB) |\n|---|---|---|')
for (const [name, s] of Object.entries(steps)) {
  const range = (xs: number[], d: number) =>
    `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`
  console.log(`| ${name} | ${range(s.seconds, 2)} | ${range(s.rssMb, 0)} |`)
}
const endToEnd =
  median(steps['boundaries import (4,501 beats)']!.seconds) +
  median(steps[`crimes import (${rows.toLocaleString('en-GB')} rows, one file)`]!.seconds)
console.log(
  `\nBoundary load and crime import end to end, both process starts included: ${endToEnd.toFixed(2)} s ` +
    '(the peers: PostGIS tuned 9.6 s at 1M rows, 44.8 s at 6M; see ../shared/bench/README.md).',
)
