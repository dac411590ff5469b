import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signInAs, useDemoApp } from './test-app'
import { sweepUploads, uploadRoot, withoutUploadFolders } from './uploads'

const app = useDemoApp()
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'

/** Every file this process's app has under the upload root. */
function filesOnDisk(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name))
      else out.push(join(dir, e.name))
    }
  }
  for (const d of readdirSync(uploadRoot).filter((n) => n.startsWith(`${process.pid}-`))) walk(join(uploadRoot, d))
  return out
}

function multipartBody(parts: { name: string; filename?: string; content: string }[]) {
  const boundary = '----probe'
  const body =
    parts
      .map(
        (p) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n\r\n${p.content}\r\n`,
      )
      .join('') + `--${boundary}--\r\n`
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body }
}

describe('uploads reach the disk only on routes that take files, after every check', () => {
  it('writes nothing for a file sent to a route that takes none (sign-in), anonymous or not', async () => {
    const t = app.t
    const before = filesOnDisk().length
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.8.0.1',
      ...multipartBody([
        { name: 'email', content: 'a@b.c' },
        { name: 'big', filename: 'junk.bin', content: 'x'.repeat(100_000) },
      ]),
    })
    expect(res.statusCode).toBe(415)
    expect(filesOnDisk().length).toBe(before)
  })

  it('writes nothing without a signed-in person allowed to upload, or without the form token before the file', async () => {
    const t = app.t
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'admin@example.org', role: 'administrator', password: PASS },
      actor,
    )
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'viewer@example.org', role: 'viewer', password: PASS },
      actor,
    )
    const file = { name: 'files', filename: '2025-01-dorset-street.csv', content: 'x'.repeat(50_000) }
    const anon = await t.app.inject({
      method: 'POST',
      url: '/data/crimes/upload',
      remoteAddress: '10.8.0.2',
      ...multipartBody([file]),
    })
    expect(anon.statusCode).toBe(401)
    const viewer = await signInAs(t, 'viewer@example.org', PASS, '10.8.0.3')
    expect(
      (
        await viewer.upload('/', '/data/crimes/upload', {}, [
          { field: 'files', name: 'a.csv', content: 'x'.repeat(50_000) },
        ])
      ).statusCode,
    ).toBe(403)
    const admin = await signInAs(t, 'admin@example.org', PASS, '10.8.0.4')
    const page = await admin.get('/data/crimes/upload')
    const cookie = [admin.cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ')
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/data/crimes/upload',
      remoteAddress: '10.8.0.4',
      ...multipartBody([file]),
      headers: { ...multipartBody([]).headers, cookie },
    })
    expect(noToken.statusCode).toBe(403)
    const late = multipartBody([file, { name: '_csrf', content: token }])
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/data/crimes/upload',
          remoteAddress: '10.8.0.4',
          payload: late.payload,
          headers: { ...late.headers, cookie },
        })
      ).statusCode,
    ).toBe(403)
    expect(filesOnDisk()).toEqual([])
    const audit = await t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'access.csrf_refused')
      .execute()
    expect(audit.length).toBeGreaterThanOrEqual(2)
  })

  it('takes a typed-in path as text, never as a file to read or delete', async () => {
    const t = app.t
    const victim = join(uploadRoot, '..', `csp-probe-${process.pid}`)
    mkdirSync(victim, { recursive: true })
    writeFileSync(join(victim, 'keep.txt'), 'keep')
    const admin = await signInAs(t, 'admin@example.org', PASS, '10.8.0.5')
    const res = await admin.upload(
      '/data/crimes/upload',
      '/data/crimes/upload',
      { files: join(uploadRoot, '..', `csp-probe-${process.pid}`, 'keep.txt') },
      [],
    )
    expect(res.statusCode).toBe(400)
    expect(existsSync(join(victim, 'keep.txt'))).toBe(true)
  })

  it("sweeps at start-up what an ended process left behind, and never another running process's uploads", () => {
    const dead = join(uploadRoot, '999999999-deadbeef')
    const running = join(uploadRoot, `${process.ppid}-cafe`)
    mkdirSync(join(dead, 'x'), { recursive: true })
    mkdirSync(running, { recursive: true })
    writeFileSync(join(dead, 'x', 'left.csv'), 'left behind')
    sweepUploads()
    expect(existsSync(dead)).toBe(false)
    expect(existsSync(running)).toBe(true)
  })

  it("names an uploaded file as the person chose it in messages, not by the server's folder", () => {
    const dir = readdirSync(uploadRoot).find((n) => n.startsWith(`${process.pid}-`))!
    expect(
      withoutUploadFolders(`${join(uploadRoot, dir, '0123456789abcdef', 'beats.geojson')}: feature 3 has no code`),
    ).toBe('beats.geojson: feature 3 has no code')
  })
})
