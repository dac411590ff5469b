/**
 * A worker thread of the crime import: reads, assigns and encodes whole files while the main
 * thread stores what it sends. Files arrive ahead of need and are read one after another; at most
 * a few segments are unacknowledged, so memory stays flat however big the import.
 */
import { parentPort, workerData } from 'node:worker_threads'
import {
  contextsFor,
  indexSets,
  runFile,
  type FileInput,
  type ImportLimits,
  type SetPayload,
} from './crime-file-runner'
import { openFile, openZipEntry, type SourceRange } from './crime-sources'
import { setSegmentAllocator } from './unit-store'
import { setScannerModule } from './wasm-record-scanner'

const port = parentPort!
const data = workerData as {
  sets: SetPayload[]
  areaLsoas: number[] | null
  scanner: WebAssembly.Module | null
  memoSlots: number
  limits: ImportLimits
}
// The compiled scanner comes from the main thread: this bundled script has no file beside it.
setScannerModule(data.scanner)
// Memory of segments the main thread has stored and given back, reused for the next ones.
const spareBuffers: ArrayBuffer[] = []
setSegmentAllocator((size) => {
  const i = spareBuffers.findIndex((b) => b.byteLength >= size)
  // A quarter more than asked, so a buffer fits the next, slightly bigger segment too.
  const buf = i === -1 ? new ArrayBuffer(Math.ceil(size * 1.25)) : spareBuffers.splice(i, 1)[0]!
  return Buffer.from(buf, 0, size)
})
const contextFor = contextsFor(
  indexSets(data.sets),
  data.memoSlots,
  data.areaLsoas ? new Set(data.areaLsoas) : undefined,
)
const IN_FLIGHT = 4
let unacked = 0
let waiting: (() => void) | undefined
let queue = Promise.resolve()
/**
 * Set when the main thread asks this worker to stop: the file in hand stops at its next segment
 * (its streams closed on the way out) and the thread then exits by itself. Terminating a thread
 * mid-read could interrupt a zlib stream between its creation and its set-up, and Node 20 aborts
 * the whole process when it cleans such a stream up.
 */
let stopping = false
class Stopped extends Error {}
const stopIfAsked = () => {
  if (stopping) throw new Stopped('stopped')
}

type FileJob = {
  type: 'file'
  job: number
  name: string
  path?: string
  size?: number
  zip?: { path: string; entry: string }
  range?: SourceRange
  listRejected: number
  finishAsYouGo: boolean
}

async function run(m: FileJob) {
  const zip = m.zip
  const input: FileInput = zip
    ? { name: m.name, open: () => openZipEntry(zip.path, zip.entry) }
    : {
        name: m.name,
        open: () => openFile(m.path!, m.size!),
        path: m.path,
        bytes: m.size,
        range: m.range && { ...m.range, header: Buffer.from(m.range.header) },
      }
  try {
    const summary = await runFile(
      input,
      contextFor,
      {
        async chunk(source, force, month, bytes) {
          stopIfAsked()
          unacked++
          const part = m.range?.part ?? 0
          port.postMessage({ type: 'chunk', job: m.job, source, part, force, month, bytes }, [
            bytes.buffer as ArrayBuffer,
          ])
          if (unacked >= IN_FLIGHT) await new Promise<void>((r) => (waiting = r))
          stopIfAsked()
        },
        progress(source, rows, bytesRead) {
          stopIfAsked()
          port.postMessage({ type: 'progress', job: m.job, source, part: m.range?.part ?? 0, rows, bytesRead })
        },
        async unit(source, summary, types) {
          port.postMessage({ type: 'unit', job: m.job, source, part: m.range?.part ?? 0, unit: summary, types })
        },
      },
      m.listRejected,
      data.limits,
      m.finishAsYouGo,
    )
    port.postMessage({ type: 'done', job: m.job, summary })
  } catch (e) {
    if (stopping) return
    port.postMessage({ type: 'error', job: m.job, name: (e as Error).name, message: (e as Error).message })
  }
}

function release() {
  const w = waiting
  waiting = undefined
  w?.()
}

port.on('message', (m: { type: 'ack'; buffer?: ArrayBuffer } | { type: 'stop' } | FileJob) => {
  if (m.type === 'stop') {
    stopping = true
    release()
    void queue.then(() => process.exit(0))
    return
  }
  if (m.type === 'ack') {
    if (m.buffer && spareBuffers.length < IN_FLIGHT) spareBuffers.push(m.buffer)
    unacked--
    if (unacked < IN_FLIGHT) release()
    return
  }
  queue = queue.then(() => (stopping ? undefined : run(m)))
})
