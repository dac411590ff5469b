import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ES module script without types
import { compileGovukCss } from '../../scripts/build-css.mjs'
import { useDemoApp } from './test-app'

const app = useDemoApp()

describe('csp-hub is not a GOV.UK service', () => {
  it('serves GOV.UK Frontend compiled for a service off GOV.UK: Arial, no GDS Transport, and the committed file is the compiled one', async () => {
    const css = (await app.t.app.inject('/stylesheets/govuk-frontend.min.css')).body
    expect(css).not.toContain('GDS Transport')
    expect(css).not.toMatch(/@font-face/)
    expect(css).toContain('font-family:arial,sans-serif')
    expect(readFileSync(new URL('./public/govuk-frontend.css', import.meta.url), 'utf8')).toBe(
      (compileGovukCss as () => string)(),
    )
  })

  it('shows no crown, no Royal Arms and no Crown copyright on any page, and its own icon', async () => {
    for (const url of ['/', '/meetings', '/sign-in', '/accessibility']) {
      const html = (await app.t.app.inject(url)).body
      expect(html, url).not.toMatch(
        /govuk-footer__crown|govuk-logo|copyright-logo|Crown copyright|govuk-crest|favicon\.ico|govuk-icon/,
      )
      expect(html, url).toContain('href="/favicon.svg"')
    }
    expect((await app.t.app.inject('/favicon.svg')).statusCode).toBe(200)
  })
})
