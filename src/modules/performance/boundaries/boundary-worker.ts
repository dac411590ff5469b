/**
 * A worker thread of the boundary import: reads and checks one file (parsing, geometry checks,
 * reprojection) so the web server's event loop never does, and a hostile file can exhaust only
 * this thread's memory, never the server's.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { BoundaryImportError, prepareBoundarySet, type BoundaryImportOptions } from './boundary-prepare'
import type { BoundaryReadLimits } from './boundary-files'

const data = workerData as {
  name: string
  bytes: Uint8Array
  files?: { path: string; bytes: Uint8Array }[]
  opts: BoundaryImportOptions
  limits: BoundaryReadLimits
}
const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)
prepareBoundarySet(
  { name: data.name, bytes: buf(data.bytes), files: data.files?.map((f) => ({ path: f.path, bytes: buf(f.bytes) })) },
  data.opts,
  data.limits,
).then(
  (prepared) => parentPort!.postMessage({ ok: true, prepared }),
  (e: Error) =>
    parentPort!.postMessage(
      e instanceof BoundaryImportError ? { ok: false, report: e.report } : { ok: false, message: e.message },
    ),
)
