#!/usr/bin/env node
// The csp command: the built CLI (dist/), or the sources through tsx when they changed since the build.
import { readFileSync } from 'node:fs'

// The version needs nothing else loaded: answered at once.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version)
} else {
  const { launch } = await import('./launch.mjs')
  await launch('cli')
}
