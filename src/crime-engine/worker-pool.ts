/**
 * The crime import's worker threads: sources (whole files, or parts of a big one) handed out so
 * every core reads, results passed back one at a time to be stored. State lives per run.
 */
import { Worker } from 'node:worker_threads'
import type { CrimeSource } from './crime-sources'
import type { FileSummary, ImportLimits, SetPayload, UnitSummary } from './crime-file-runner'
import type { RejectedRow } from './unit-build'
import { CrimeFileError } from './police-csv'
import { scannerModule } from './wasm-record-scanner'
import { workerScript } from './worker-bundle'

/**
 * A small young generation per worker: each reads hundreds of files into short-lived arrays, and
 * on the bench 4 MB took peak RSS at 6M rows from 475 MB (V8's default) to under 400 MB at no cost
 * in speed.
 */
const WORKER_YOUNG_MB = 4
/** A worker's old generation when force-months are finished as they end (its live heap is tens of megabytes). */
const WORKER_OLD_MB = 96
/** Below this much input, starting workers costs more than it saves. */
export const WORKERS_FROM_BYTES = 32 * 1024 * 1024

export interface Handlers {
  chunk(source: string, force: string, month: string, bytes: Buffer, part: number): Promise<void>
  done(summary: FileSummary): Promise<void>
  progress(source: string, rows: number, bytesRead: number, part?: number): void
  /** A force-month finished before its file ended (see FileSink.unit). */
  unit(source: string, part: number, summary: UnitSummary, types: readonly string[]): Promise<void>
}

/**
 * Slots for each worker's coordinate memo, from the import's size: a national import's half a
 * million snap points need a million slots, and growing to them four times over cost a worker
 * about 0.1 s; a month or two needs the smallest table. At most a million slots (13 MB).
 */
export function memoCapacity(bytes: number): number {
  let c = 1 << 16
  while (c < 1 << 20 && c * 1000 < bytes) c *= 2
  return c
}

/**
 * Reads the sources in worker threads while this thread stores what they send, one message at a
 * time in arrival order. Each worker holds a couple of files ahead so it never waits for this
 * thread between files; a worker pauses after a few unacknowledged segments. The first error
 * stops every worker and is rethrown, so the caller's transaction rolls back.
 */
export async function inWorkers(
  sources: readonly CrimeSource[],
  sets: SetPayload[],
  areaLsoas: ReadonlySet<number> | undefined,
  n: number,
  h: Handlers,
  memoSlots: number,
  limits: ImportLimits,
  /**
   * Each file's force-months finished as its rows move on (see runFile); a file that needs them
   * kept throws ReadWhole.
   */
  finishAsYouGo = false,
): Promise<void> {
  const workers = Array.from(
    { length: Math.min(n, sources.length) },
    () =>
      new Worker(workerScript(), {
        eval: true,
        workerData: { sets, areaLsoas: areaLsoas ? [...areaLsoas] : null, scanner: scannerModule(), memoSlots, limits },
        resourceLimits: {
          maxYoungGenerationSizeMb: WORKER_YOUNG_MB,
          // Finishing force-months as they end keeps a worker's live heap small: a modest old
          // generation makes V8 collect instead of growing (the whole-file retry keeps its default).
          ...(finishAsYouGo ? { maxOldGenerationSizeMb: WORKER_OLD_MB } : {}),
        },
      }),
  )
  const AHEAD = 2
  let next = 0
  let failed: Error | undefined
  /** Jobs that are parts of a split file: their errors mean "read the file whole". */
  const parts = new Set<number>()
  let queue = Promise.resolve()
  try {
    // Every worker gets a file before any gets a second: a split file's parts go one to each.
    const starts: ((ahead?: number) => Promise<void>)[] = []
    const running = Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let held = 0
            const fail = (e: Error) => {
              failed ??= e
              reject(failed)
            }
            const give = async (ahead = AHEAD) => {
              while (!failed && held < ahead && next < sources.length) {
                const src = sources[next++]!
                held++
                if (src.range) parts.add(next)
                if (src.path)
                  w.postMessage({
                    type: 'file',
                    job: next,
                    name: src.name,
                    path: src.path,
                    size: src.bytes,
                    range: src.range,
                    listRejected: 50,
                    finishAsYouGo,
                  })
                else if (src.zip)
                  w.postMessage({
                    type: 'file',
                    job: next,
                    name: src.name,
                    zip: src.zip,
                    listRejected: 50,
                    finishAsYouGo,
                  })
                else throw new Error(`${src.name}: a source with neither a file nor a zip entry`)
              }
              if (failed || held === 0) resolve()
            }
            w.on(
              'message',
              (m: {
                type: string
                source: string
                force: string
                month: string
                job: number
                part: number
                bytes: Uint8Array
                rows: number
                bytesRead: number
                summary: FileSummary
                unit: UnitSummary
                types: string[]
                name: string
                message: string
              }) => {
                if (m.type === 'done') {
                  // Hand over the next file now, before this one's results are stored.
                  held--
                  give().catch(fail)
                }
                queue = queue.then(async () => {
                  if (failed) return
                  try {
                    if (m.type === 'chunk') {
                      await h.chunk(
                        m.source,
                        m.force,
                        m.month,
                        Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength),
                        m.part,
                      )
                      // Stored (SQLite copied it): the memory goes back to the worker for its next segment.
                      w.postMessage({ type: 'ack', buffer: m.bytes.buffer }, [m.bytes.buffer as ArrayBuffer])
                    } else if (m.type === 'progress') h.progress(m.source, m.rows, m.bytesRead, m.part)
                    else if (m.type === 'unit') await h.unit(m.source, m.part, m.unit, m.types)
                    else if (m.type === 'done') await h.done(m.summary)
                    else if (m.type === 'error')
                      fail(
                        // A later part of a split file cannot number its lines, and a cut may have fallen
                        // inside a quoted field: the file is read again whole for the true first error.
                        parts.has(m.job) || m.name === 'UnitRevisitedError'
                          ? new ReadWhole()
                          : m.name === 'CrimeFileError'
                            ? new CrimeFileError(m.message)
                            : new Error(m.message),
                      )
                  } catch (e) {
                    fail(e as Error)
                  }
                })
              },
            )
            w.on('error', (e) => fail(e))
            starts.push(give)
          }),
      ),
    )
    for (const ahead of [1, AHEAD]) for (const give of starts) await give(ahead)
    await running
    await queue
  } finally {
    await Promise.all(workers.map(stopWorker))
  }
  if (failed) throw failed
}

/** How long a worker asked to stop has to close its streams and exit before it is terminated. */
const STOP_GRACE_MS = 10_000

/**
 * Asks a worker to stop and waits for it to exit. A worker busy with a file stops at its next
 * segment: terminating it mid-read can catch a zlib stream half set up, which aborts the process
 * (Node 20, "close before init"). One that does not exit in time is terminated all the same.
 */
function stopWorker(w: Worker): Promise<void> {
  if (w.threadId === -1) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => void w.terminate(), STOP_GRACE_MS)
    w.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    w.postMessage({ type: 'stop' })
  })
}

/**
 * Rejected rows of every file, numbered by their line in the whole file however it was split (a
 * part numbers from its own first line until the parts before it are read), in file order.
 */
export class RejectedLines {
  private readonly byFile = new Map<string, FileSummary[]>()
  constructor(private readonly order: readonly string[]) {}
  add(f: FileSummary): void {
    const parts = this.byFile.get(f.source) ?? []
    parts[f.part] = f
    this.byFile.set(f.source, parts)
  }
  first(n: number): RejectedRow[] {
    const out: RejectedRow[] = []
    for (const name of this.order) {
      let base = 0
      for (const f of this.byFile.get(name) ?? []) {
        if (!f) continue
        for (const r of f.rejectedRows) {
          const line = r.line + base
          out.push({ ...r, line, reason: r.reason.replace(/^Row \d+/, `Row ${line}`) })
        }
        base += f.lines
      }
    }
    return out.slice(0, n)
  }
}

/** A split file's part failed (or two parts held one force-month): the file is read again whole. */
export class ReadWhole extends Error {}
