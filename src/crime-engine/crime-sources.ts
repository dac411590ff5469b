import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import yauzl from 'yauzl'
import { CrimeFileError } from './police-csv'

/** One CSV to read, from a plain file, a .gz, or an entry of a zip, opened only when it is read. */
export interface CrimeSource {
  name: string
  /** The file to read, when the source is a file of its own (plain or gzipped): worker threads open it themselves. */
  path?: string
  /** The zip and entry name, when the source is a zip entry: worker threads open and stream it themselves. */
  zip?: { path: string; entry: string }
  /** Compressed or plain size in bytes, for progress. */
  bytes: number
  /** One part of a big plain file, read by a worker of its own (see splitSource). */
  range?: SourceRange
  open(): Promise<Readable>
}

/** Bytes [start, end) of a file: part `part` of `parts`, starting where a force-month starts. */
export interface SourceRange {
  start: number
  end: number
  part: number
  parts: number
  /** The file's header row (line 1), which later parts have not got. */
  header: Buffer
}

/**
 * Opens one entry of a zip as a stream (gunzipped when it is a .gz), holding the zip open only
 * while the entry is read: a worker thread streams an entry without the main thread touching it.
 */
export function openZipEntry(path: string, entry: string): Promise<Readable> {
  return new Promise<Readable>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip)
        return reject(
          new CrimeFileError(`${basename(path)} is not a readable zip file: ${err?.message ?? 'unknown error'}`),
        )
      const fail = (e: Error) => {
        zip.close()
        reject(e)
      }
      zip.on('error', (e: Error) =>
        fail(new CrimeFileError(`${basename(path)} is not a readable zip file: ${e.message}`)),
      )
      zip.on('end', () => fail(new CrimeFileError(`${basename(path)} has no entry ${entry}.`)))
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== entry) return zip.readEntry()
        zip.removeAllListeners('end')
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return fail(new CrimeFileError(`${basename(path)}: cannot read ${entry}: ${err2?.message}`))
          s.once('close', () => zip.close())
          resolve(/\.gz$/i.test(entry) ? s.pipe(createGunzip()) : s)
        })
      })
      zip.readEntry()
    })
  })
}

/** police.uk bulk archives also hold outcomes and stop-and-search files, which are not crimes. */
const notCrimes = /-(outcomes|stop-and-search)\.csv(\.gz)?$/i
const csvName = /\.csv(\.gz)?$/i

const SMALL_FILE = 32 * 1024 * 1024

/**
 * Reads a small file into one buffer that is reused for the next file, sparing the garbage
 * collector a fresh allocation per file. Safe because sources are read one at a time and the
 * importer copies what it keeps (unit bytes, header) before asking for the next file.
 */
let shared = Buffer.allocUnsafe(0)
function readWhole(path: string, size: number): Buffer {
  if (shared.length < size) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2, 1 << 20))
  return withFile(path, (read) => {
    let got = 0
    for (let n = 1; got < size && n > 0; got += n) n = read(shared, got, size - got)
    return shared.subarray(0, got)
  })
}

/** Whether a file is plain and small enough to read in one go (as openFile() does): then withFile() can read it straight into the scanner's memory. */
export function directRead(path: string, bytes: number): boolean {
  return !/\.gz$/i.test(path) && bytes <= SMALL_FILE
}

/** A plain file's bytes in order, from `range.start` to `range.end` (or the whole file): 0 at the end. */
export interface FileReader {
  read: (into: Uint8Array, at: number, max: number) => number
  close: () => void
}

export function openReader(path: string, range?: { start: number; end: number }): FileReader {
  const fd = openSync(path, 'r')
  let pos = range?.start ?? 0
  const end = range?.end ?? Infinity
  return {
    read: (into, at, max) => {
      const n = readSync(fd, into, at, Math.min(max, end - pos), pos)
      pos += n
      return n
    },
    close: () => closeSync(fd),
  }
}

/** Opens a plain file and gives a reader of its bytes in order (0 at the end), closed after `use`. */
export function withFile<T>(path: string, use: (read: FileReader['read']) => T): T {
  const r = openReader(path)
  try {
    return use(r.read)
  } finally {
    r.close()
  }
}

/** Files this big are read by several workers at once, each from a force-month's first row. */
export const SPLIT_FROM_BYTES = 32 * 1024 * 1024

/**
 * Cuts a big plain file into `parts` byte ranges for workers to read at once. Each cut is moved to
 * the first row of a new force-month after its share of the bytes, so a force-month sorted
 * together (as police.uk's files and their concatenations are) is read by one worker. A row's
 * start is recognised by its fields (a Month of YYYY-MM, then the forces); whether a cut is truly
 * on a record boundary (not inside a quoted line break) is proved when the part before it ends
 * cleanly, and the import reads the file whole when one does not (see the crimes service).
 */
export function splitSource(src: CrimeSource, parts: number, from = SPLIT_FROM_BYTES): CrimeSource[] {
  if (!src.path || src.range || /\.gz$/i.test(src.path) || parts < 2 || src.bytes < from) return [src]
  const path = src.path
  const size = src.bytes
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.allocUnsafe(Math.min(size, 64 * 1024))
    const got = readSync(fd, head, 0, head.length, 0)
    const nl = head.subarray(0, got).indexOf(10)
    if (nl === -1) return [src]
    const header = Buffer.from(head.subarray(0, nl + 1))
    const starts = [0]
    for (let k = 1; k < parts; k++) {
      const cut = forceMonthStart(fd, Math.max(header.length, Math.floor((k * size) / parts)), size)
      if (cut !== undefined && cut > starts[starts.length - 1]! && cut < size) starts.push(cut)
    }
    if (starts.length < 2) return [src]
    return starts.map((start, part) => ({
      ...src,
      range: { start, end: starts[part + 1] ?? size, part, parts: starts.length, header },
    }))
  } finally {
    closeSync(fd)
  }
}

/** Month and force of a row that starts at buf[s] (undefined when it does not look like a police.uk row). */
function rowKey(buf: Buffer, s: number, e: number): string | undefined {
  const fields: string[] = []
  let i = s
  while (fields.length < 4 && i <= e) {
    let f = ''
    if (buf[i] === 34) {
      const close = buf.indexOf(34, i + 1)
      if (close === -1 || close >= e) return undefined
      f = buf.toString('latin1', i + 1, close)
      i = close + 1
      if (buf[i] !== 44) return undefined
    } else {
      const comma = buf.indexOf(44, i)
      if (comma === -1 || comma > e) return undefined
      f = buf.toString('latin1', i, comma)
      i = comma
    }
    fields.push(f)
    i++
  }
  if (fields.length < 4 || !/^\d{4}-\d\d$/.test(fields[1]!) || fields[0]!.includes('\n')) return undefined
  return `${fields[1]}\u0000${fields[3] || fields[2]}`
}

/** The first byte after `from` where a row of a different force-month than the row before it starts. */
function forceMonthStart(fd: number, from: number, size: number): number | undefined {
  for (let window = 1 << 20; window <= 64 << 20; window *= 4) {
    const buf = Buffer.allocUnsafe(Math.min(window, size - from))
    const got = readSync(fd, buf, 0, buf.length, from)
    let s = buf.subarray(0, got).indexOf(10) + 1
    if (s === 0) return undefined
    let before: string | undefined
    for (;;) {
      const e = buf.indexOf(10, s)
      if (e === -1 || e >= got) break
      const key = rowKey(buf, s, e)
      if (before !== undefined && key !== undefined && key !== before) return from + s
      before = key
      s = e + 1
    }
    if (got < window) return undefined
  }
  return undefined
}

/** Opens a plain or gzipped file of known size for reading (in this thread or a worker's). */
export async function openFile(path: string, bytes: number): Promise<Readable> {
  // A police.uk file is a few megabytes: one read beats a stream's many turns of the event loop.
  if (directRead(path, bytes)) return Readable.from([readWhole(path, bytes)])
  const s = createReadStream(path, { highWaterMark: 1 << 20 })
  return /\.gz$/i.test(path) ? s.pipe(createGunzip()) : s
}

function fileSource(path: string, bytes: number): CrimeSource {
  return { name: path, path, bytes, open: () => openFile(path, bytes) }
}

/**
 * Lists a zip's crime CSVs; each opens only when read, from the one open handle, so a police.uk
 * bulk archive (every force, every month) streams through in constant memory.
 */
async function zipSources(path: string, skipped: string[], closers: (() => void)[]): Promise<CrimeSource[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, z) =>
      err || !z
        ? reject(new CrimeFileError(`${basename(path)} is not a readable zip file: ${err?.message ?? 'unknown error'}`))
        : resolve(z),
    ),
  )
  closers.push(() => zip.close())
  const entries: yauzl.Entry[] = []
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e)
      zip.readEntry()
    })
    zip.on('end', () => resolve())
    zip.on('error', (e: Error) =>
      reject(new CrimeFileError(`${basename(path)} is not a readable zip file: ${e.message}`)),
    )
    zip.readEntry()
  })
  const out: CrimeSource[] = []
  for (const e of entries.sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    if (/\/$/.test(e.fileName)) continue
    if (!csvName.test(e.fileName) || notCrimes.test(e.fileName)) {
      skipped.push(`${basename(path)}: ${e.fileName}`)
      continue
    }
    out.push({
      name: `${path}: ${e.fileName}`,
      zip: { path, entry: e.fileName },
      bytes: e.compressedSize,
      open: () =>
        new Promise<Readable>((resolve, reject) =>
          zip.openReadStream(e, (err, s) =>
            err || !s
              ? reject(new CrimeFileError(`${path}: cannot read ${e.fileName}: ${err?.message}`))
              : resolve(/\.gz$/i.test(e.fileName) ? s.pipe(createGunzip()) : s),
          ),
        ),
    })
  }
  return out
}

export interface CrimeSourceList {
  sources: CrimeSource[]
  /** Files passed over (outcomes, stop-and-search, anything not a CSV), for the report. */
  skipped: string[]
  /** Closes any zip handles; call when the import ends. */
  close(): void
}

/**
 * Expands what the user named — files (.csv, .csv.gz, .zip) and folders of them — into the CSVs to
 * read, in name order so months import oldest first. Anything else is refused before reading starts.
 */
export async function listCrimeSources(paths: readonly string[]): Promise<CrimeSourceList> {
  const skipped: string[] = []
  const closers: (() => void)[] = []
  const sources: CrimeSource[] = []
  const visit = async (path: string, explicit: boolean) => {
    let info
    try {
      info = await stat(path)
    } catch {
      throw new CrimeFileError(`${path} does not exist.`)
    }
    if (info.isDirectory()) {
      for (const n of (await readdir(path)).sort()) {
        if (n.startsWith('.')) continue
        const inner = join(path, n)
        const innerInfo = await stat(inner)
        if (innerInfo.isDirectory() || /\.zip$/i.test(n) || (csvName.test(n) && !notCrimes.test(n)))
          await visit(inner, false)
        else skipped.push(inner)
      }
    } else if (/\.zip$/i.test(path)) {
      sources.push(...(await zipSources(path, skipped, closers)))
    } else if (csvName.test(path)) {
      sources.push(fileSource(path, info.size))
    } else if (explicit) {
      throw new CrimeFileError(
        `${path}: give police.uk street-level files as .csv, .csv.gz or .zip, or a folder of them.`,
      )
    } else skipped.push(path)
  }
  try {
    for (const p of paths) await visit(p, true)
  } catch (e) {
    for (const c of closers) c()
    throw e
  }
  return { sources, skipped, close: () => closers.forEach((c) => c()) }
}
