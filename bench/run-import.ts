// The measured process: a fresh database, the beats, then the crimes. Prints one JSON line.
import { readFileSync } from 'node:fs'
import { loadConfig } from '../src/config'
import { buildContainer } from '../src/container'

const [dbPath, beatsPath, ...csvs] = process.argv.slice(2)
const c = await buildContainer(loadConfig({ ...process.env, CSP_DATABASE_URL: dbPath! }))
const actor = { name: 'system:bench' }
await c.services.demo.load(actor)
const p = await c.services.partnership.current()
let t = performance.now()
await c.services.boundaries.import(
  p.id,
  { name: beatsPath!, bytes: readFileSync(beatsPath!) },
  { layer: 'beats', effectiveFrom: '2020-01-01' },
  actor,
)
const beatsSeconds = (performance.now() - t) / 1000
t = performance.now()
const r = await c.services.crimes.import(p.id, csvs, actor)
const importSeconds = (performance.now() - t) / 1000
// The import is committed; the write-ahead log is copied into the file in the background, and
// close() waits for that copy: timed apart, as PostgreSQL's checkpoint after a COPY would be.
t = performance.now()
await c.close()
const checkpointSeconds = (performance.now() - t) / 1000
console.log(
  JSON.stringify({
    beatsSeconds,
    importSeconds,
    checkpointSeconds,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    located: r.totals.located,
    unlocated: r.totals.unlocated,
  }),
)
