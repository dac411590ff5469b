/**
 * A worker thread of the crime import: reads and assigns whole files while the main thread stores
 * what it sends. At most a few chunks are in flight per worker, so memory stays flat however big
 * the import.
 */
import { createReadStream } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { createGunzip } from 'node:zlib'
import { bytesInput, contextsFor, indexSets, runFile, type FileInput, type SetPayload } from './crime-file-runner'

const port = parentPort!
const contextFor = contextsFor(indexSets((workerData as { sets: SetPayload[] }).sets))
const IN_FLIGHT = 4
let unacked = 0
let waiting: (() => void) | undefined

port.on('message', (m: { type: 'ack' } | { type: 'file'; job: number; name: string; path?: string; bytes?: Uint8Array; listRejected: number }) => {
  if (m.type === 'ack') {
    unacked--
    if (waiting && unacked < IN_FLIGHT) {
      const w = waiting
      waiting = undefined
      w()
    }
    return
  }
  const input: FileInput = m.bytes
    ? bytesInput(m.name, Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength))
    : { name: m.name, open: async () => (/\.gz$/i.test(m.path!) ? createReadStream(m.path!, { highWaterMark: 1 << 20 }).pipe(createGunzip()) : createReadStream(m.path!, { highWaterMark: 1 << 20 })) }
  runFile(
    input,
    contextFor,
    {
      async chunk(source, force, month, bytes) {
        const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : Buffer.from(bytes)
        unacked++
        port.postMessage({ type: 'chunk', job: m.job, source, force, month, bytes: copy }, [copy.buffer as ArrayBuffer])
        if (unacked >= IN_FLIGHT) await new Promise<void>((r) => (waiting = r))
      },
      progress(source, rows, bytesRead) {
        port.postMessage({ type: 'progress', job: m.job, source, rows, bytesRead })
      },
    },
    m.listRejected,
  ).then(
    (summary) => port.postMessage({ type: 'done', job: m.job, summary }),
    (e: Error) => port.postMessage({ type: 'error', job: m.job, name: e.name, message: e.message }),
  )
})
