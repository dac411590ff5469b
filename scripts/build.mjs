// The build: the command line and the server bundled by esbuild into dist/ (their own code in one
// bundle each, shared chunks split; npm packages stay in node_modules), so `csp` and `npm start`
// run JavaScript without compiling TypeScript at every start. Run by `npm ci` (prepare) and before
// the tests; about 0.1 s. Views, public assets, the WebAssembly scanner and the reference data are
// read from the project folder at run time (src/paths.ts), so they are not copied.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const started = Date.now()
rmSync(`${root}dist`, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/main/cli.ts', server: 'src/main/server.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // npm packages bundled too (one file to read, not hundreds to resolve: the start-up halves), but
  // for native modules, esbuild itself, and those that read files beside their own code.
  external: ['better-sqlite3', 'esbuild', 'pg-native', 'tsx', 'playwright-core', 'assemblyscript', '@resvg/resvg-js'],
  banner: {
    js: "import { createRequire as __cspRequire } from 'node:module'; const require = __cspRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
})
console.log(`Built dist/ in ${Date.now() - started} ms.`)
