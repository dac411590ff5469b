import type { PolygonIndex } from '../geo/polygon-index'
import { CoordMemo, MEMO_MISS } from './coord-memo'
import { lsoaKeyBytes } from './lsoa-key'
import { CrimeFileError } from './police-csv'
import { fieldNumber, fieldText, type RecordView } from './record-scanner'

/**
 * Where a located crime goes: its beat, locality and whether it is in the area, packed in one
 * number, memoised by coordinate.
 */
/** The boundaries a month's crimes are assigned to, and the memo of answers by coordinate. */
export interface AssignContext {
  beats?: PolygonIndex | undefined
  localities?: PolygonIndex | undefined
  area?: PolygonIndex | undefined
  /**
   * The partnership's area as LSOA codes (lsoaKey): a crime is in it by police.uk's own LSOA
   * column, whatever its point; when set, `area` is not used.
   */
  areaLsoas?: ReadonlySet<number> | undefined
  memo: CoordMemo
}

const NONE16 = 0xffff
const NONE14 = 0x3fff
/** What is known of a place (Longitude to LSOA name) once its first row is read. */
export const PLACE_LOCATED = 1
export const PLACE_UNLOCATED = 2
export const PLACE_NO_LON = 3
export const PLACE_NO_LAT = 4
export const PLACE_OUT_OF_RANGE = 5
export const PLACE_NO_LSOA = 8

export function packAssignment(beat: number, locality: number, inArea: boolean): number {
  return (beat < 0 ? NONE16 : beat) | ((locality < 0 ? NONE14 : locality) << 16) | (inArea ? 1 << 30 : 0)
}
/**
 * The beat, locality and in-area answer for a point, packed, from the memo when the point is
 * exact at six decimals (police.uk's snap points are), computed and remembered otherwise.
 */
export function assignPoint(ctx: AssignContext, lon: number, lat: number): number {
  const mx = Math.round(lon * 1e6)
  const my = Math.round(lat * 1e6)
  if (mx / 1e6 === lon && my / 1e6 === lat) return assignMicro(ctx, mx, my)
  return locateAll(ctx, lon, lat)
}

/** assignPoint() for a point given in millionths of a degree (the point is exactly mx / 1e6, my / 1e6). */
export function assignMicro(ctx: AssignContext, mx: number, my: number): number {
  let v = ctx.memo.get(mx, my)
  if (v === MEMO_MISS) {
    v = locateAll(ctx, mx / 1e6, my / 1e6)
    ctx.memo.set(mx, my, v)
  }
  return v
}

function locateAll(ctx: AssignContext, lon: number, lat: number): number {
  return packAssignment(
    ctx.beats ? ctx.beats.locate(lon, lat) : -1,
    ctx.localities ? ctx.localities.locate(lon, lat) : -1,
    ctx.area ? ctx.area.locate(lon, lat) !== -1 : true,
  )
}

const IN_AREA = 1 << 30
/** An assignment with its in-area answer taken from the row's LSOA code, when the area is a set of LSOAs. */
export function byLsoa(ctx: AssignContext, r: RecordView, v: number): number {
  if (!ctx.areaLsoas) return v
  return ctx.areaLsoas.has(lsoaKeyBytes(r.buf, r.fs[7]!, r.fe[7]!)) ? v | IN_AREA : v & ~IN_AREA
}

export function unpackBeat(v: number): number {
  const b = v & 0xffff
  return b === NONE16 ? -1 : b
}
export function unpackLocality(v: number): number {
  const l = (v >>> 16) & 0x3fff
  return l === NONE14 ? -1 : l
}
export function unpackInArea(v: number): boolean {
  return (v & (1 << 30)) !== 0
}

/**
 * Reads a place's coordinates the first time it is met (later rows at the same place reuse the
 * answer): unlocated, half a coordinate, out of range, or located and assigned. A coordinate
 * that is not a number stops the import with the row and column.
 */
export function judgePlace(
  source: string,
  r: RecordView,
  ctx: AssignContext,
  values: Int32Array,
  place: number,
): number {
  if (r.coordsOk) {
    // Read by the WebAssembly scanner: both present and numbers.
    const mx = r.lonMicro
    const my = r.latMicro
    if (mx === 0 && my === 0) return PLACE_UNLOCATED
    if (mx < -180e6 || mx > 180e6 || my < -90e6 || my > 90e6) return PLACE_OUT_OF_RANGE
    values[place] = byLsoa(ctx, r, assignMicro(ctx, mx, my))
    return PLACE_LOCATED | (r.fe[7] === r.fs[7] ? PLACE_NO_LSOA : 0)
  }
  const lon = fieldNumber(r, 4)
  const lat = fieldNumber(r, 5)
  if (lon !== undefined && Number.isNaN(lon))
    throw new CrimeFileError(`${source}, row ${r.line}: Longitude "${fieldText(r, 4)}" is not a number.`)
  if (lat !== undefined && Number.isNaN(lat))
    throw new CrimeFileError(`${source}, row ${r.line}: Latitude "${fieldText(r, 5)}" is not a number.`)
  if (lon === undefined && lat === undefined) return PLACE_UNLOCATED
  if (lon === undefined) return PLACE_NO_LON
  if (lat === undefined) return PLACE_NO_LAT
  if (lon === 0 && lat === 0) return PLACE_UNLOCATED
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return PLACE_OUT_OF_RANGE
  values[place] = byLsoa(ctx, r, assignPoint(ctx, lon, lat))
  return PLACE_LOCATED | (r.fe[7] === r.fs[7] ? PLACE_NO_LSOA : 0)
}

export function decodeCountKey(key: number): { area: number; type: number; inArea: boolean } {
  const inArea = (key & 1) === 1
  const rest = Math.floor(key / 2)
  return { area: Math.floor(rest / 128) - 1, type: rest % 128, inArea }
}
