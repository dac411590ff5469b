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
          unacked++
          const part = m.range?.part ?? 0
          port.postMessage({ type: 'chunk', job: m.job, source, part, force, month, bytes }, [
            bytes.buffer as ArrayBuffer,
          ])
          if (unacked >= IN_FLIGHT) await new Promise<void>((r) => (waiting = r))
        },
        progress(source, rows, bytesRead) {
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
    port.postMessage({ type: 'error', job: m.job, name: (e as Error).name, message: (e as Error).message })
  }
}

port.on('message', (m: { type: 'ack'; buffer?: ArrayBuffer } | FileJob) => {
  if (m.type === 'ack') {
    if (m.buffer && spareBuffers.length < IN_FLIGHT) spareBuffers.push(m.buffer)
    unacked--
    if (waiting && unacked < IN_FLIGHT) {
      const w = waiting
      waiting = undefined
      w()
    }
    return
  }
  queue = queue.then(() => run(m))
})
