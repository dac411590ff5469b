import { deflateSync, inflateSync } from 'node:zlib'

/**
 * The rows of one force-month, kept exactly as police.uk published them, in columns: every text
 * column dictionary-encoded (crime types, outcomes, LSOAs and snap-point locations repeat heavily),
 * coordinates as 64-bit floats (NaN where police.uk gives none), then deflated. One blob per unit
 * makes replacing a force-month one row write, and costs far less than a table row per crime.
 */
export const textColumns = ['crimeId', 'reportedBy', 'fallsWithin', 'location', 'lsoaCode', 'lsoaName', 'crimeType', 'outcome', 'context'] as const
export type TextColumn = (typeof textColumns)[number]

export interface UnitRows {
  month: string
  text: Record<TextColumn, string[]>
  lon: number[]
  lat: number[]
  /** The CSV line each row came from. */
  line: number[]
}

export function emptyUnit(month: string): UnitRows {
  return { month, text: Object.fromEntries(textColumns.map((c) => [c, []])) as unknown as Record<TextColumn, string[]>, lon: [], lat: [], line: [] }
}

const VERSION = 1

export function encodeUnit(u: UnitRows): Buffer {
  const n = u.lon.length
  const dicts: Record<string, string[]> = {}
  const indexBuffers: Buffer[] = []
  for (const c of textColumns) {
    const values = u.text[c]
    const map = new Map<string, number>()
    const dict: string[] = []
    const idx = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const v = values[i]!
      let k = map.get(v)
      if (k === undefined) {
        k = dict.length
        map.set(v, k)
        dict.push(v)
      }
      idx[i] = k
    }
    dicts[c] = dict
    const narrow = dict.length <= 0xffff ? Uint16Array.from(idx) : idx
    indexBuffers.push(Buffer.from(narrow.buffer, narrow.byteOffset, narrow.byteLength))
  }
  const header = Buffer.from(JSON.stringify({ v: VERSION, n, month: u.month, dicts }), 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32LE(header.length)
  const lon = Float64Array.from(u.lon)
  const lat = Float64Array.from(u.lat)
  const line = Uint32Array.from(u.line)
  return deflateSync(
    Buffer.concat([len, header, ...indexBuffers, Buffer.from(lon.buffer), Buffer.from(lat.buffer), Buffer.from(line.buffer)]),
    { level: 6 },
  )
}

export function decodeUnit(blob: Uint8Array): UnitRows {
  const raw = inflateSync(blob)
  const headerLength = raw.readUInt32LE(0)
  const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as { v: number; n: number; month: string; dicts: Record<TextColumn, string[]> }
  if (header.v !== VERSION) throw new Error(`Crime data blob version ${header.v} is not readable by this version (expects ${VERSION}).`)
  const n = header.n
  let offset = 4 + headerLength
  const copy = (bytes: number) => {
    const b = new Uint8Array(bytes)
    b.set(raw.subarray(offset, offset + bytes))
    offset += bytes
    return b.buffer
  }
  const text = {} as Record<TextColumn, string[]>
  for (const c of textColumns) {
    const dict = header.dicts[c]
    const idx = dict.length <= 0xffff ? new Uint16Array(copy(n * 2)) : new Uint32Array(copy(n * 4))
    const out = new Array<string>(n)
    for (let i = 0; i < n; i++) out[i] = dict[idx[i]!]!
    text[c] = out
  }
  const lon = Array.from(new Float64Array(copy(n * 8)))
  const lat = Array.from(new Float64Array(copy(n * 8)))
  const line = Array.from(new Uint32Array(copy(n * 4)))
  return { month: header.month, text, lon, lat, line }
}
