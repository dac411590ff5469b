import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let root: string | undefined

/**
 * The project's root (the folder holding package.json and src/), found from this module wherever
 * it runs from: src/ under tsx, or dist/ once built. Files the product reads at run time (views,
 * public assets, the reference data, the demo, the WebAssembly scanner) are named from here, so a
 * bundled build finds them as the sources do. Worked out when first asked, never at import: a
 * worker bundle that imports this module without asking must still load.
 */
export function projectRoot(): string {
  if (root) return root
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return (root = dir)
    const up = dirname(dir)
    if (up === dir)
      throw new Error(
        `csp-hub cannot find its own folder (package.json beside src/) above ${fileURLToPath(import.meta.url)}.`,
      )
    dir = up
  }
}

/** A path inside the project, e.g. fromRoot('reference', 'ons'). */
export function fromRoot(...parts: string[]): string {
  return join(projectRoot(), ...parts)
}
