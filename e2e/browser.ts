import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { loadConfig } from '../src/config'
import { buildContainer, type Container } from '../src/container'
import { buildApp } from '../src/web/app'
import { asOperator } from '../src/web/test-app'

/** Debian's Chromium by default; point CHROMIUM_PATH at another Chromium or Chrome. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface Running {
  baseUrl: string
  browser: Browser
  container: Container
  stop(): Promise<void>
}

/**
 * Starts the real app on a fresh SQLite file with the demo loaded (or empty, `demo: false`), and a
 * headless Chromium; `env` adds configuration (an SMTP server, for one).
 */
export async function startApp(options: { demo?: boolean; env?: Record<string, string> } = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'csp-e2e-'))
  const container = await buildContainer(
    loadConfig({ CSP_DATABASE_URL: join(dir, 'csp.sqlite'), PORT: '0', ...options.env }),
  )
  if (options.demo !== false)
    await container.services.demo.load({ name: 'system:e2e' }, undefined, { performance: true })
  const app = await buildApp(container)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  })
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    // The test's own calls act as the operator, who sees every record; the browser signs in as whoever it is.
    container: { ...container, services: asOperator(container.services) },
    async stop() {
      await browser.close()
      await app.close()
      await container.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Fails the test on any WCAG 2.2 A/AA violation axe-core finds on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 200)} ${n.failureSummary ?? ''}`)
        .slice(0, 3)
        .join(', ')}`,
  )
  expect(summary, `axe violations on ${page.url()}`).toEqual([])
  // axe no longer checks for repeated ids, but a label or error link then reaches the wrong field.
  const repeated = await page.evaluate(() => {
    const seen = new Map<string, number>()
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1)
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`)
  })
  expect(repeated, `ids used more than once on ${page.url()}`).toEqual([])
}

/** A page object that checks it is on the page it claims before the test uses it. */
export async function verifyHeading(page: Page, heading: string | RegExp): Promise<void> {
  const h1 = (await page.locator('h1').first().textContent())?.trim() ?? ''
  if (typeof heading === 'string') expect(h1).toBe(heading)
  else expect(h1).toMatch(heading)
}
