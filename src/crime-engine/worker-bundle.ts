import { createRequire } from 'node:module'
import { fromRoot } from '../paths'

const bundled = new Map<string, string>()
const require = createRequire(import.meta.url)

/** The crime import's worker, from the project root. */
export const CRIME_WORKER = 'src/crime-engine/crime-import-worker.ts'

/**
 * A worker (the crime import's, by default) as one CommonJS script, bundled from its TypeScript
 * source by esbuild on first use (about 50 ms) and run with `eval`. A worker that registered tsx
 * instead spent ~0.4 s of CPU per thread compiling modules through the loader-hooks thread, which
 * two cores cannot spare. esbuild is loaded only here, so commands that start no worker never load it.
 */
export function workerScript(entry: string = CRIME_WORKER): string {
  let script = bundled.get(entry)
  if (script === undefined) {
    const { buildSync } = require('esbuild') as typeof import('esbuild')
    const out = buildSync({
      entryPoints: [fromRoot(entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    })
    script = out.outputFiles[0]!.text
    bundled.set(entry, script)
  }
  return script
}
