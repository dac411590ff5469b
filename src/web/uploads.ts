import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { MultipartFile } from '@fastify/multipart'

export const uploadRoot = join(tmpdir(), 'csp-hub-uploads')

/**
 * Streams each uploaded file to its own temporary folder under its own (sanitised) name, so the
 * importers see real file names (2025-01-dorset-street.csv.gz) and memory stays flat; the body
 * field then holds the path. Runs before the CSRF check, so a refused request's files are removed.
 */
export async function saveUpload(this: unknown, part: MultipartFile & { value?: unknown }): Promise<void> {
  const dir = join(uploadRoot, randomBytes(8).toString('hex'))
  mkdirSync(dir, { recursive: true })
  const name = basename(part.filename || 'upload').replace(/[^A-Za-z0-9._-]/g, '_') || 'upload'
  const path = join(dir, name)
  await pipeline(part.file, createWriteStream(path))
  if (part.file.truncated) {
    rmSync(dir, { recursive: true, force: true })
    part.value = { tooLarge: part.filename }
    return
  }
  part.value = part.filename ? path : ''
}

/** The uploaded paths in a field (one file or several), ignoring empty file inputs. */
export function uploadedPaths(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string' && v.startsWith(uploadRoot))
}

export function tooLarge(value: unknown): string | undefined {
  const list = Array.isArray(value) ? value : [value]
  const hit = list.find((v) => v && typeof v === 'object' && 'tooLarge' in v) as { tooLarge: string } | undefined
  return hit?.tooLarge
}

export function removeUploads(paths: readonly string[]): void {
  for (const p of paths) rmSync(join(p, '..'), { recursive: true, force: true })
}
