/**
 * npm run bench [-- --rows 6000000]
 *
 * End to end on a seeded national workload: import ~4,500 beats, then import 12 months of
 * police.uk-format CSV (assignment to beats and counts included) into a fresh SQLite database,
 * in a child process so its peak RSS is the import's own. Where PostgreSQL with PostGIS is
 * installed, the same work runs there too (bench/postgis.ts) and the ratio is printed.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { postgisAvailable, runPostgis } from './postgis'
import { ensureWorkload } from './workload'

const root = fileURLToPath(new URL('../', import.meta.url))
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? fallback : process.argv[i + 1]!
}
const rows = Number(arg('rows', '6000000'))
const runs = Number(arg('runs', '1'))

const t0 = Date.now()
const w = await ensureWorkload(join(root, '.bench-data'), rows)
const bytes = w.csvPaths.reduce((s, p) => s + statSync(p).size, 0)
console.log(
  `Workload: ${w.rows.toLocaleString('en-GB')} rows in ${w.csvPaths.length} force-month CSVs (${(bytes / 1e9).toFixed(2)} GB), 4,500 beats; ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
)
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
)

const results: { seconds: number; rss: number }[] = []
for (let r = 0; r < runs; r++) {
  const dir = mkdtempSync(join(tmpdir(), 'csp-bench-'))
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/run-import.ts'), join(dir, 'bench.sqlite'), w.beatsPath, w.dir],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  rmSync(dir, { recursive: true, force: true })
  if (child.status !== 0) throw new Error(`the import failed:\n${child.stdout}`)
  const out = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    beatsSeconds: number
    importSeconds: number
    checkpointSeconds: number
    peakRssMb: number
    located: number
    unlocated: number
  }
  results.push({ seconds: out.importSeconds, rss: out.peakRssMb })
  console.log(
    `run ${r + 1}: beats ${out.beatsSeconds.toFixed(1)} s; crimes ${out.importSeconds.toFixed(1)} s to the commit = ${Math.round(w.rows / out.importSeconds).toLocaleString('en-GB')} rows/s (then ${out.checkpointSeconds.toFixed(1)} s more for the background checkpoint to finish); peak RSS ${out.peakRssMb} MB; ${out.located.toLocaleString('en-GB')} located, ${out.unlocated.toLocaleString('en-GB')} unlocated`,
  )
}
const median = results.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(results.length / 2)]!
console.log(
  `median of ${runs}: ${median.toFixed(1)} s end to end for ${w.rows.toLocaleString('en-GB')} rows (${Math.round(w.rows / median).toLocaleString('en-GB')} rows/s), peak RSS ${Math.max(...results.map((r) => r.rss))} MB`,
)
if (postgisAvailable() && !process.argv.includes('--no-postgis')) {
  console.log('PostGIS: COPY, points, GiST, ST_Contains join and GROUP BY, both plans…')
  const pg = await runPostgis(w)
  const faster = Math.min(pg.pointDriven, pg.polygonDriven)
  console.log(
    `PostGIS point-driven plan ${pg.pointDriven.toFixed(1)} s, polygon-driven plan ${pg.polygonDriven.toFixed(1)} s (${pg.cells.toLocaleString('en-GB')} non-zero beat × type × month cells)`,
  )
  console.log(`ratio: csp-hub is ${(faster / median).toFixed(2)}× the faster PostGIS plan (target 10×)`)
} else if (process.argv.includes('--no-postgis')) {
  console.log('PostGIS comparison skipped (--no-postgis).')
} else {
  console.log(
    'PostGIS not installed: skipped the comparison (Debian: apt-get install postgresql postgresql-15-postgis-3). Reference figures from the issue: 44.8 s for 6M rows, 9.6 s for 1M.',
  )
}
