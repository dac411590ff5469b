/**
 * npm run bench:load [-- --seconds 10 --connections 50]
 *
 * The app under load as a partnership uses it: the real server (a child process, loopback only)
 * with the demo loaded into a fresh SQLite file, a signed-in viewer's session, and autocannon
 * driving each page in turn while a CLI import of the demo's twelve months runs against the same
 * database (another process, as an analyst's would). Meanwhile /health is asked twice a second;
 * every answer slower than a second or not 200 is counted. Reports req/s, p50 and p95 per page.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const root = fileURLToPath(new URL('../', import.meta.url))
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? fallback : process.argv[i + 1]!
}
const seconds = Number(arg('seconds', '10'))
const connections = Number(arg('connections', '50'))
const dir = mkdtempSync(join(tmpdir(), 'csp-load-'))
const port = 3900 + Math.floor(Math.random() * 90)
const base = `http://127.0.0.1:${port}`
const env = {
  ...process.env,
  CSP_DATABASE_URL: join(dir, 'csp.sqlite'),
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  CSP_RATE_LIMIT: '1000000',
  NODE_ENV: 'production',
  CSP_COOKIE_SECRET: 'load-bench-cookie-secret-0123456789',
}
const children: ChildProcess[] = []
const stopAll = () => children.forEach((c) => c.kill('SIGKILL'))
process.on('exit', stopAll)

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`)
}

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
)
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
  cwd: root,
  env,
  stdio: ['ignore', process.argv.includes('--server-log') ? 'inherit' : 'ignore', 'inherit'],
})
children.push(server)
const t0 = Date.now()
await waitFor(`${base}/health`, 180_000)
console.log(`Server up with the demo loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

const password = 'load bench passphrase 1'
const add = spawnSync(process.execPath, ['bin/csp.mjs', 'users', 'add', 'viewer@example.org', '--role', 'viewer'], {
  cwd: root,
  env,
  input: password,
  encoding: 'utf8',
})
if (add.status !== 0) throw new Error(`could not add the viewer: ${add.stderr}`)
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
const signInPage = await fetch(`${base}/sign-in`)
const token = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())![1]!
const signed = await fetch(`${base}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { cookie: cookieOf(signInPage), 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: token, email: 'viewer@example.org', password }),
})
const session = signed.headers
  .getSetCookie()
  .map((c) => c.split(';')[0]!)
  .find((c) => c.startsWith('csp_session='))
if (!session) throw new Error(`sign-in failed (${signed.status})`)
const meetings = (await (await fetch(`${base}/api/v1/meetings`, { headers: { cookie: session } })).json()) as
  { data?: { id: string; date: string | null }[] } | { id: string; date: string | null }[]
const list = Array.isArray(meetings) ? meetings : (meetings.data ?? [])
const reference = list.find((m) => m.date === null) ?? list[0]!

// The import: the demo's twelve months again, in a loop, as a CLI import on the same database.
let importing = true
let imports = 0
const importLoop = (async () => {
  while (importing) {
    const child = spawn(process.execPath, ['bin/csp.mjs', 'crimes', 'import', 'demo/dorset/crime', '--replace'], {
      cwd: root,
      env,
      stdio: 'ignore',
    })
    children.push(child)
    const code = await new Promise<number | null>((r) => child.on('exit', r))
    if (code === 0) imports++
  }
})()

// /health twice a second throughout.
const health = { asked: 0, slowOrFailed: 0, worstMs: 0 }
const healthTimer = setInterval(() => {
  const start = Date.now()
  health.asked++
  fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) })
    .then((r) => {
      const ms = Date.now() - start
      health.worstMs = Math.max(health.worstMs, ms)
      if (!r.ok || ms > 1000) health.slowOrFailed++
    })
    .catch(() => {
      health.slowOrFailed++
      health.worstMs = Math.max(health.worstMs, Date.now() - start)
    })
}, 500)

const only = process.argv.includes('--only') ? arg('only', '') : undefined
const allPages = [
  ['/api/v1/meetings', '/api/v1/meetings'],
  ['/', '/'],
  ['the minutes page', `/meetings/${reference.id}`],
  ['/hotspots', '/hotspots'],
  ['/trends', '/trends'],
] as const
const pages = only ? allPages.filter(([n]) => n.includes(only)) : allPages
console.log(
  `Each page ${seconds} s, ${connections} connections, signed in as a viewer, a CLI import of 12 force-months looping on the same database:`,
)
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN
for (const [name, path] of pages) {
  const times: number[] = []
  const statuses = new Map<number, number>()
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      { url: `${base}${path}`, connections, duration: seconds, timeout: 30, headers: { cookie: session } },
      (e, res) => (e ? reject(e instanceof Error ? e : new Error(String(e))) : resolve(res)),
    )
    inst.on('response', (_client, status, _bytes, ms) => {
      times.push(ms)
      if (status >= 300) statuses.set(status, (statuses.get(status) ?? 0) + 1)
    })
  })
  times.sort((a, b) => a - b)
  if (process.argv.includes('--server-log')) console.log(`  slowest: ${times.slice(-5).join(', ')} ms`)
  const bad = [
    ...[...statuses].map(([code, n]) => `${n} × ${code}`),
    ...(r.errors ? [`${r.errors} errors`] : []),
    ...(r.timeouts ? [`${r.timeouts} timeouts`] : []),
  ]
  console.log(
    `  ${name.padEnd(18)} ${Math.round(r.requests.average).toString().padStart(5)} req/s  p50 ${pct(times, 50).toFixed(0).padStart(5)} ms  p95 ${pct(times, 95).toFixed(0).padStart(5)} ms  ${bad.length ? bad.join(', ') : 'all 2xx'}`,
  )
}
importing = false
clearInterval(healthTimer)
await importLoop
console.log(`Imports completed meanwhile: ${imports}`)
console.log(
  `/health: asked ${health.asked} times, ${health.slowOrFailed} slower than 1 s or failed, slowest ${health.worstMs} ms`,
)
stopAll()
rmSync(dir, { recursive: true, force: true })
process.exit(health.slowOrFailed > 0 ? 1 : 0)
