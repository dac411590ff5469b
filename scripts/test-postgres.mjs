// npm run test:pg — the unit, route and CLI suite again on PostgreSQL, when CSP_TEST_DATABASE_URL
// names a database the tests may create schemas in (.ci/run sets one up from Debian's packages).
import { spawnSync } from 'node:child_process'

const url = process.env.CSP_TEST_DATABASE_URL
if (!url) {
  console.log(
    '\nPostgreSQL run SKIPPED: set CSP_TEST_DATABASE_URL=postgres://user:password@127.0.0.1:5432/db to run the suite on PostgreSQL too (bash .ci/run does).\n',
  )
  process.exit(0)
}
console.log(
  `\nThe suite again on PostgreSQL (${new URL(url).host}${new URL(url).pathname}): each test app in a fresh schema.\n`,
)
const r = spawnSync('npx', ['vitest', 'run'], { stdio: 'inherit', env: process.env })
process.exit(r.status ?? 1)
