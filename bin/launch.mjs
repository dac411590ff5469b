// Starts the built JavaScript in dist/ when it is up to date with src/, and the TypeScript sources
// through tsx otherwise (a developer's edit since the last `npm run build` is never run stale).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Whether any TypeScript file under src/ changed after `since` (ms). */
function sourcesNewerThan(since) {
  const stack = [join(root, 'src')]
  while (stack.length) {
    const dir = stack.pop()
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) stack.push(p)
      else if (e.name.endsWith('.ts') && statSync(p).mtimeMs > since) return true
    }
  }
  return false
}

export async function launch(name) {
  const built = join(root, 'dist', `${name}.js`)
  if (process.env.CSP_FROM_SOURCE !== '1' && existsSync(built) && !sourcesNewerThan(statSync(built).mtimeMs))
    return import(pathToFileURL(built).href)
  const { register } = await import('tsx/esm/api')
  register()
  return import(pathToFileURL(join(root, 'src', 'main', `${name}.ts`)).href)
}
