import { buildSync } from 'esbuild'
import { fileURLToPath } from 'node:url'

let bundled: string | undefined

/**
 * The crime-import worker as one CommonJS script, bundled by esbuild on first use (about 50 ms)
 * and run with `eval`. A worker that registered tsx instead spent ~0.4 s of CPU per thread
 * compiling modules through the loader-hooks thread, which two cores cannot spare (README, bench).
 */
export function workerScript(): string {
  if (bundled === undefined) {
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL('./crime-import-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    })
    bundled = out.outputFiles[0]!.text
  }
  return bundled
}
