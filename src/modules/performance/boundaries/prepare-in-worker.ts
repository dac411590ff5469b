// A boundary file read and checked in a worker thread of its own, for the web server.
import { Worker } from 'node:worker_threads'
import { type BoundaryReadLimits } from './boundary-files'
import {
  BoundaryImportError,
  emptyReport,
  type BoundaryImportOptions,
  type BoundaryReport,
  type BoundarySource,
  type PreparedSet,
} from './boundary-prepare'
import { workerScript } from '../../../crime-engine'

/** Memory a boundary worker may use: a hostile file fails there, the server goes on. */
const BOUNDARY_WORKER_HEAP_MB = 4096

/** Reads and checks a boundary file in a worker thread (see boundary-worker.ts). */
export function prepareInWorker(
  source: BoundarySource,
  opts: BoundaryImportOptions,
  limits: BoundaryReadLimits,
): Promise<PreparedSet> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerScript('src/modules/performance/boundaries/boundary-worker.ts'), {
      eval: true,
      workerData: { name: source.name, bytes: source.bytes, files: source.files, opts, limits },
      resourceLimits: { maxOldGenerationSizeMb: BOUNDARY_WORKER_HEAP_MB },
    })
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
      void w.terminate()
    }
    w.on(
      'message',
      (m: { ok: true; prepared: PreparedSet } | { ok: false; report?: BoundaryReport; message?: string }) =>
        settle(() =>
          m.ok
            ? resolve(m.prepared)
            : m.report
              ? reject(new BoundaryImportError(m.report))
              : reject(new Error(m.message)),
        ),
    )
    w.on('error', (e: Error & { code?: string }) => {
      const report = emptyReport(source.name, opts.layer)
      if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') return settle(() => reject(e))
      report.errors.push({
        feature: 0,
        message: `The file is too big to read here (it needed more than ${(BOUNDARY_WORKER_HEAP_MB / 1024).toFixed(0)} GB of memory). Simplify the boundaries, or split the file.`,
      })
      settle(() => reject(new BoundaryImportError(report)))
    })
    w.on('exit', () => settle(() => reject(new Error('The boundary reader stopped before it finished.'))))
  })
}
