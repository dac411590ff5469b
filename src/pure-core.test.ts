import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = dirname(fileURLToPath(import.meta.url))
/** The pure cores: no framework, no database, no app code; they may use each other and npm libraries of their own kind. */
const CORES = ['geo', 'stats', 'crime-engine']
/** Small modules of plain functions at the top of src/ that the cores may use too. */
const SHARED = ['csv-read.ts', 'paths.ts']
/** Packages that make code impure: the web framework, the database drivers, the templates. */
const IMPURE_PACKAGES = /^(fastify|@fastify\/|kysely|pg|pg-cursor|better-sqlite3|nunjucks|openid-client|docx)(\/|$)/

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesIn(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  )
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2])!)
}

describe('the pure cores (src/geo, src/stats, src/crime-engine)', () => {
  it('import no app code, no framework and no database', () => {
    const offences: string[] = []
    for (const core of CORES) {
      for (const file of filesIn(join(src, core))) {
        for (const spec of importsOf(file)) {
          const where = relative(src, file)
          if (spec.startsWith('.')) {
            const target = relative(src, resolve(dirname(file), spec))
            const ok =
              CORES.some((c) => target === c || target.startsWith(`${c}/`)) ||
              SHARED.some((f) => target === f.replace(/\.ts$/, ''))
            if (!ok) offences.push(`${where} imports ${spec} (app code: ${target})`)
          } else if (IMPURE_PACKAGES.test(spec)) offences.push(`${where} imports ${spec}`)
        }
      }
    }
    expect(offences).toEqual([])
  })

  it('finds imports the way they are written (the check itself can fail)', () => {
    const here = importsOf(fileURLToPath(import.meta.url))
    expect(here).toContain('vitest')
    expect(here).toContain('node:fs')
  })
})
