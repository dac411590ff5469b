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
await c.services.boundaries.import(p.id, { name: beatsPath!, bytes: readFileSync(beatsPath!) }, { layer: 'beats', effectiveFrom: '2020-01-01' }, actor)
const beatsSeconds = (performance.now() - t) / 1000
t = performance.now()
const r = await c.services.crimes.import(p.id, csvs, actor)
const importSeconds = (performance.now() - t) / 1000
await c.close()
console.log(JSON.stringify({ beatsSeconds, importSeconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), located: r.totals.located, unlocated: r.totals.unlocated }))
