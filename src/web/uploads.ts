import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'

/**
 * Where uploads wait for the importers: a folder of this process's own under the app's upload
 * root (`<tmp>/csp-hub-uploads/<pid>-<random>`, readable by the app's user only). A folder left by a
 * process that is no longer running (a crash, kill -9) is swept when the next one starts.
 */
export const uploadRoot = join(tmpdir(), 'csp-hub-uploads')

/**
 * The paths of uploads this process wrote and has not yet removed. A form field is an upload only
 * when its value is one of these: a typed-in path (`/tmp/csp-hub-uploads/../../etc`) is just text.
 */
const live = new Set<string>()

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes the upload folders of processes that have ended; returns how many went. */
export function sweepUploads(root = uploadRoot): number {
  let swept = 0
  let entries: string[]
  try {
    entries = readdirSync(root)
  } catch {
    return 0
  }
  for (const name of entries) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1])
    if (pid && pid !== process.pid && alive(pid)) continue
    if (pid === process.pid) continue
    rmSync(join(root, name), { recursive: true, force: true })
    swept++
  }
  return swept
}

export interface UploadStore {
  /** This process's folder; every upload lives in a folder of its own under it. */
  readonly dir: string
  /**
   * Reads a multipart body into `req.body` (repeated names as lists), writing each file to disk.
   * Runs after the access hooks have let the request through, and writes a file only on a route
   * that takes files and only after the form's token, sent before it (every form in the app puts
   * it first), checks out: no byte of a forged or misdirected upload reaches disk.
   */
  readBody(req: FastifyRequest): Promise<void>
  /** Removes this process's folder (on close). */
  close(): void
}

export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code?: string,
  ) {
    super(message)
  }
}

export function uploadStore(
  checkToken: (req: FastifyRequest, token: string) => boolean,
  root = uploadRoot,
): UploadStore {
  mkdirSync(root, { recursive: true, mode: 0o700 })
  sweepUploads(root)
  const dir = join(root, `${process.pid}-${randomBytes(6).toString('hex')}`)
  mkdirSync(dir, { recursive: true, mode: 0o700 })

  async function save(req: FastifyRequest, part: MultipartFile): Promise<unknown> {
    if (!part.filename) {
      part.file.resume()
      return ''
    }
    const folder = join(dir, randomBytes(8).toString('hex'))
    mkdirSync(folder, { mode: 0o700 })
    const name = basename(part.filename).replace(/[^A-Za-z0-9._-]/g, '_') || 'upload'
    const path = join(folder, name)
    // Delete the file whatever ends the request early: an error, or the client going away.
    const forget = () => rmSync(folder, { recursive: true, force: true })
    try {
      await pipeline(part.file, createWriteStream(path))
    } catch (e) {
      forget()
      throw e
    }
    if (part.file.truncated) {
      forget()
      return { tooLarge: part.filename }
    }
    live.add(path)
    ;((req as { uploads?: string[] }).uploads ??= []).push(path)
    return path
  }

  return {
    dir,
    async readBody(req) {
      const body: Record<string, unknown> = {}
      const add = (key: string, value: unknown) => {
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') return
        body[key] = key in body ? [body[key], value].flat() : value
      }
      let token: string | undefined
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === '_csrf' && typeof part.value === 'string') token = part.value
          add(part.fieldname, part.value)
          continue
        }
        if (!req.routeOptions.config?.upload) {
          part.file.resume()
          throw new UploadRefused('This address does not take files.', 415)
        }
        if (token === undefined || !checkToken(req, token)) {
          part.file.resume()
          throw new UploadRefused('Invalid csrf token', 403, 'FST_CSRF_INVALID_TOKEN')
        }
        add(part.fieldname, await save(req, part))
      }
      req.body = body
    },
    close() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The uploaded paths in a field (one file or several), ignoring empty file inputs. */
export function uploadedPaths(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string' && live.has(v))
}

export function tooLarge(value: unknown): string | undefined {
  const list = Array.isArray(value) ? value : [value]
  const hit = list.find((v) => v && typeof v === 'object' && 'tooLarge' in v) as { tooLarge: string } | undefined
  return hit?.tooLarge
}

/** Removes uploads (each file's own folder); anything that is not a live upload is left alone. */
export function removeUploads(paths: readonly string[]): void {
  for (const p of paths) {
    if (!live.delete(p)) continue
    rmSync(join(p, '..'), { recursive: true, force: true })
  }
}

/** Hands a request's uploads to work that outlives it (a background import removes them when done). */
export function keepUploads(req: FastifyRequest): void {
  ;(req as { uploads?: string[] }).uploads = []
}

/** The files a request uploaded (empty when none). */
export const requestUploads = (req: FastifyRequest): string[] => (req as { uploads?: string[] }).uploads ?? []

/** A message about an uploaded file names the file as the person chose it, never the server's folder. */
export function withoutUploadFolders(message: string): string {
  return message.replace(
    new RegExp(`${uploadRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\/][^\\/\\s]+[\\/][0-9a-f]{16}[\\/]`, 'g'),
    '',
  )
}
