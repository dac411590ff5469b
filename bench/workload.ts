/**
 * A seeded, national-scale police.uk workload: beat polygons that tile England and Wales with
 * irregular shared edges, and street-level CSVs whose points cluster on snap points the way
 * police.uk's do. The same seed always gives the same bytes, so before/after figures compare.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { seededRandom as mulberry32 } from '../src/stats/concentration'

export const TYPES: [string, number][] = [
  ['Violence and sexual offences', 0.33],
  ['Anti-social behaviour', 0.24],
  ['Public order', 0.06],
  ['Criminal damage and arson', 0.07],
  ['Shoplifting', 0.07],
  ['Other theft', 0.06],
  ['Vehicle crime', 0.05],
  ['Burglary', 0.04],
  ['Drugs', 0.02],
  ['Other crime', 0.012],
  ['Bicycle theft', 0.01],
  ['Robbery', 0.007],
  ['Theft from the person', 0.006],
  ['Possession of weapons', 0.005],
]
const OUTCOMES = [
  'Investigation complete; no suspect identified',
  'Unable to prosecute suspect',
  'Under investigation',
  'Offender given a caution',
  'Local resolution',
  'Awaiting court outcome',
  'Court result unavailable',
  'Formal action is not in the public interest',
]

export interface Workload {
  dir: string
  beatsPath: string
  csvPaths: string[]
  rows: number
}

const WEST = -5.7
const EAST = 1.8
const SOUTH = 50.0
const NORTH = 55.8

/** Beats as a jittered grid whose cell edges are zig-zags shared by both neighbours: no gaps, no overlaps. */
function beats(cols: number, rows: number, rand: () => number) {
  const dx = (EAST - WEST) / cols
  const dy = (NORTH - SOUTH) / rows
  const vx: number[][] = []
  const vy: number[][] = []
  for (let i = 0; i <= cols; i++) {
    vx.push([])
    vy.push([])
    for (let j = 0; j <= rows; j++) {
      const edge = i === 0 || j === 0 || i === cols || j === rows
      vx[i]!.push(WEST + i * dx + (edge ? 0 : (rand() - 0.5) * dx * 0.5))
      vy[i]!.push(SOUTH + j * dy + (edge ? 0 : (rand() - 0.5) * dy * 0.5))
    }
  }
  // Each edge gets 3 jittered interior points, stored once and read in either direction.
  const edgePts = new Map<string, number[][]>()
  const edge = (a: [number, number], b: [number, number]) => {
    const key = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? `${a}|${b}` : `${b}|${a}`
    let pts = edgePts.get(key)
    if (!pts) {
      const [x0, y0] = [vx[a[0]]![a[1]]!, vy[a[0]]![a[1]]!]
      const [x1, y1] = [vx[b[0]]![b[1]]!, vy[b[0]]![b[1]]!]
      pts = [1, 2, 3].map((k) => [
        x0 + ((x1 - x0) * k) / 4 + (rand() - 0.5) * dx * 0.15,
        y0 + ((y1 - y0) * k) / 4 + (rand() - 0.5) * dy * 0.15,
      ])
      edgePts.set(key, pts)
      if (key.startsWith(`${b}|`)) pts.reverse()
    }
    const forward = key.startsWith(`${a}|`)
    return forward ? pts : [...pts].reverse()
  }
  const features: unknown[] = []
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      const corners: [number, number][] = [
        [i, j],
        [i + 1, j],
        [i + 1, j + 1],
        [i, j + 1],
      ]
      const ring: number[][] = []
      for (let k = 0; k < 4; k++) {
        const a = corners[k]!
        const b = corners[(k + 1) % 4]!
        ring.push([vx[a[0]]![a[1]]!, vy[a[0]]![a[1]]!], ...edge(a, b))
      }
      ring.push(ring[0]!)
      const r6 = ring.map((p) => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6])
      features.push({
        type: 'Feature',
        properties: { code: `B${String(i).padStart(3, '0')}${String(j).padStart(3, '0')}`, name: `Beat ${i}-${j}` },
        geometry: { type: 'Polygon', coordinates: [r6] },
      })
    }
  }
  return { type: 'FeatureCollection', features }
}

function hex64(rand: () => number): string {
  let s = ''
  for (let i = 0; i < 8; i++)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return s
}

export async function ensureWorkload(root: string, totalRows: number, seed = 20251126): Promise<Workload> {
  const dir = join(root, `police-uk-v2-${totalRows}-${seed}`)
  const beatsPath = join(dir, 'beats.geojson')
  const forceSlugs = Array.from({ length: 43 }, (_, i) => `force-${String(i + 1).padStart(2, '0')}`)
  // As police.uk's bulk archive lays them out: a folder per month, a file per force.
  const csvPaths = Array.from({ length: 12 }, (_, m) =>
    forceSlugs.map((f) =>
      join(dir, `2025-${String(m + 1).padStart(2, '0')}`, `2025-${String(m + 1).padStart(2, '0')}-${f}-street.csv`),
    ),
  ).flat()
  const done = join(dir, 'DONE')
  if (existsSync(done)) return { dir, beatsPath, csvPaths, rows: Number(readFileSync(done, 'utf8')) }
  mkdirSync(dir, { recursive: true })
  const rand = mulberry32(seed)
  writeFileSync(beatsPath, JSON.stringify(beats(75, 60, rand)))

  // Snap points clustered around towns; a few very busy points, a long tail of quiet ones.
  const towns = Array.from({ length: 900 }, () => ({
    x: WEST + 0.3 + rand() * (EAST - WEST - 0.6),
    y: SOUTH + 0.2 + rand() * (NORTH - SOUTH - 0.4),
    w: rand() ** 3,
  }))
  const snapCount = Math.max(1000, Math.round(totalRows / 12.8))
  const snaps: { lon: string; lat: string; street: string; lsoa: string; lsoaName: string; force: number }[] = []
  for (let i = 0; i < snapCount; i++) {
    const t = towns[Math.floor(rand() ** 1.5 * towns.length)]!
    const r = 0.12 * Math.sqrt(-2 * Math.log(rand() + 1e-12))
    const a = rand() * Math.PI * 2
    const lon = Math.min(EAST - 1e-4, Math.max(WEST + 1e-4, t.x + r * Math.cos(a)))
    const lat = Math.min(NORTH - 1e-4, Math.max(SOUTH + 1e-4, t.y + r * Math.sin(a) * 0.6))
    const lsoaN =
      1000000 +
      Math.floor(((lon - WEST) / (EAST - WEST)) * 180) * 200 +
      Math.floor(((lat - SOUTH) / (NORTH - SOUTH)) * 190)
    const force = Math.floor(((lon - WEST) / (EAST - WEST)) * 7) * 6 + Math.floor(((lat - SOUTH) / (NORTH - SOUTH)) * 6)
    snaps.push({
      lon: lon.toFixed(6),
      lat: lat.toFixed(6),
      street: `On or near Street ${i}`,
      lsoa: `E0${lsoaN}`,
      lsoaName: `Area ${Math.floor(lsoaN / 1000)} ${String(lsoaN % 1000).padStart(3, '0')}A`,
      force,
    })
  }
  const forces = Array.from({ length: 43 }, (_, i) => `Force ${String(i + 1).padStart(2, '0')} Police`)
  const cumulative: number[] = []
  let acc = 0
  for (const [, w] of TYPES) cumulative.push((acc += w))
  const perMonth = Math.floor(totalRows / 12)
  let written = 0
  const header =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'
  for (let m = 0; m < 12; m++) {
    const month = `2025-${String(m + 1).padStart(2, '0')}`
    mkdirSync(join(dir, month), { recursive: true })
    const byForce: string[][] = forces.map(() => [header])
    const rows = m === 11 ? totalRows - written : perMonth
    for (let i = 0; i < rows; i++) {
      const u = rand() * acc
      let ti = 0
      while (cumulative[ti]! < u) ti++
      const type = TYPES[ti]![0]
      const asb = type === 'Anti-social behaviour'
      const id = asb ? '' : hex64(rand)
      if (rand() < 0.02) {
        const fi = Math.floor(rand() * forces.length)
        const force = forces[fi]!
        byForce[fi]!.push(
          `${id},${month},${force},${force},,,No Location,,,${type},${asb ? '' : OUTCOMES[Math.floor(rand() * OUTCOMES.length)]},`,
        )
      } else {
        const s = snaps[Math.floor(rand() ** 2.2 * snaps.length)]!
        const fi = s.force % forces.length
        const force = forces[fi]!
        byForce[fi]!.push(
          `${id},${month},${force},${force},${s.lon},${s.lat},${s.street},${s.lsoa},"${s.lsoaName}, ${force.slice(0, 8)}",${type},${asb ? '' : OUTCOMES[Math.floor(rand() * OUTCOMES.length)]},`,
        )
      }
    }
    for (let fi = 0; fi < forces.length; fi++) {
      const out = createWriteStream(csvPaths[m * forces.length + fi]!)
      const lines = byForce[fi]!
      for (let k = 0; k < lines.length; k += 20000) {
        if (!out.write(`${lines.slice(k, k + 20000).join('\n')}\n`))
          await new Promise<void>((r) => out.once('drain', () => r()))
      }
      await new Promise<void>((r) => out.end(() => r()))
    }
    written += rows
  }
  writeFileSync(done, String(totalRows))
  return { dir, beatsPath, csvPaths, rows: totalRows }
}
