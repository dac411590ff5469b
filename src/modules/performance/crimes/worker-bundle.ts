import { buildSync } from 'esbuild'
import { fileURLToPath } from 'node:url'

const bundled = new Map<string, string>()

/**
 * A worker (the crime import's, by default) as one CommonJS script, bundled by esbuild on first
 * use (about 50 ms) and run with `eval`. A worker that registered tsx instead spent ~0.4 s of CPU
 * per thread compiling modules through the loader-hooks thread, which two cores cannot spare.
 */
export function workerScript(entry: URL = new URL('./crime-import-worker.ts', import.meta.url)): string {
  let script = bundled.get(entry.href)
  if (script === undefined) {
    const out = buildSync({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    })
    script = out.outputFiles[0]!.text
    bundled.set(entry.href, script)
  }
  return script
}
