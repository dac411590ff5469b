// Compiles GOV.UK Frontend's Sass with the settings for a service off GOV.UK (src/web/styles) into
// the stylesheet the app serves (src/web/public/govuk-frontend.css, committed so the app needs no
// build step; a test compiles it again and fails if the two differ). Run after changing the
// settings or upgrading govuk-frontend: npm run build:css
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

export function compileGovukCss() {
  const entry = fileURLToPath(new URL('../src/web/styles/govuk-frontend.scss', import.meta.url))
  return (
    sass.compile(entry, {
      style: 'compressed',
      loadPaths: [fileURLToPath(new URL('../node_modules', import.meta.url))],
      quietDeps: true,
      silenceDeprecations: ['import'],
    }).css + '\n'
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(fileURLToPath(new URL('../src/web/public/govuk-frontend.css', import.meta.url)), compileGovukCss())
  console.log('Wrote src/web/public/govuk-frontend.css')
}
