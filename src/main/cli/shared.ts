// What the commands share: the container, the table printer, argument checks.
import { asText } from '../../words'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { userInfo } from 'node:os'
import { InvalidArgumentError } from 'commander'
import { loadConfig } from '../../config'
import { buildContainer, type Container } from '../../container'
import { generatePassword } from '../../modules/access/passwords'
import { MONTH } from '../../modules/performance/months'
import { runAsEveryone } from '../../modules/access/restriction'

/** The CLI opens no port: it builds the same container as the web app and calls the same services. */
export const actor = { name: `system:${safeUser()}` }

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'cli'
  }
}

export async function withContainer<T>(work: (c: Container) => Promise<T>): Promise<T> {
  const c = await buildContainer(loadConfig())
  try {
    // The command line is the server's operator: it reads every record (restriction is for the web).
    return await runAsEveryone(() => work(c))
  } finally {
    await c.close()
  }
}

/** A table cell: text, numbers and flags written out; anything else as JSON. */
export const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : asText(v)

export function table(rows: Record<string, unknown>[]) {
  if (rows.length === 0) return console.log('(none)')
  const keys = Object.keys(rows[0]!)
  const widths = keys.map((k) => Math.min(70, Math.max(k.length, ...rows.map((r) => cell(r[k]).length))))
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!)).join('  ')
  console.log(line(keys))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const r of rows) console.log(line(keys.map((k) => cell(r[k]))))
}

export function readInput(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch {
    throw new Error(`${file} does not exist or cannot be read.`)
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** A folder's boundary files (police.uk's neighbourhood download unpacked: a folder per force, a KML per neighbourhood). */
export function boundaryFolder(dir: string): { path: string; bytes: Buffer }[] {
  const files = (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(kml|shp|dbf|prj|cpg|geojson|json)$/i.test(f))
    .sort()
  if (files.length > 50_000)
    throw new Error(
      `${dir} holds ${files.length.toLocaleString('en-GB')} boundary files, more than any force has neighbourhoods. Point at one force's folder.`,
    )
  if (!files.length) throw new Error(`${dir} holds no KML, shapefile or GeoJSON files.`)
  return files.map((f) => ({ path: f, bytes: readFileSync(join(dir, f)) }))
}

/** Accepts a meeting id, or a date (YYYY-MM-DD) that names exactly one meeting. */
export async function meetingId(c: Container, ref: string): Promise<string> {
  const p = await c.services.partnership.current()
  const all = await c.services.meetings.list(p.id)
  const hit = all.filter((m) => m.id === ref || m.date === ref)
  if (hit.length !== 1)
    throw new Error(
      `No single meeting matches "${ref}". Use an id from \`csp meetings list\`, or a meeting date like 2025-03-13.`,
    )
  return hit[0]!.id
}

export async function actionId(c: Container, ref: string): Promise<string> {
  if (/^\d+$/.test(ref)) return c.services.actions.findByRef((await c.services.partnership.current()).id, Number(ref))
  return ref
}

export function monthOption(flag: string, v: string | undefined) {
  if (v && !MONTH.test(v)) throw new InvalidArgumentError(`${flag} must be a month written YYYY-MM`)
}
export function formatOption(v: string) {
  if (!['csv', 'json', 'table'].includes(v)) throw new InvalidArgumentError('--format must be csv, json or table')
  return v as 'csv' | 'json' | 'table'
}
export const fixed = (v: number | null, d = 2) => (v === null ? '' : v.toFixed(d))
/** A password piped in (echo … | csp users add …) is used; with none, one is generated to print once. */
export function passwordInput(): { password: string; given: boolean } {
  const piped = process.stdin.isTTY ? '' : readFileSync(0, 'utf8').split(/\r?\n/)[0]!
  return { password: piped || generatePassword(), given: !!piped }
}
