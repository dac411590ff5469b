/**
 * A worker thread of the boundary import: reads and checks one file (parsing, geometry checks,
 * reprojection) so the web server's event loop never does, and a hostile file can exhaust only
 * this thread's memory, never the server's.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { BoundaryImportError, prepareBoundarySet, type BoundaryImportOptions } from './boundary-prepare'
import type { BoundaryReadLimits } from './boundary-files'

const data = workerData as { name: string; bytes: Uint8Array; opts: BoundaryImportOptions; limits: BoundaryReadLimits }
prepareBoundarySet({ name: data.name, bytes: Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength) }, data.opts, data.limits).then(
  (prepared) => parentPort!.postMessage({ ok: true, prepared }),
  (e: Error) => parentPort!.postMessage(e instanceof BoundaryImportError ? { ok: false, report: e.report } : { ok: false, message: e.message }),
)
