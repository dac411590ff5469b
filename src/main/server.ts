import closeWithGrace from 'close-with-grace'
import { loadConfig } from '../config'
import { buildContainer } from '../container'
import { buildApp } from '../web/app'
import { digestDue } from '../modules/notify/notify.service'

const config = loadConfig()
const container = await buildContainer(config)
if (config.loadDemo && (await container.services.demo.isEmpty())) {
  console.log('Empty database: loading the demo partnership (meetings, stand-in beats, 12 months of police.uk crime)…')
  const r = await container.services.demo.load({ name: 'system:demo' }, undefined, { performance: true })
  console.log(`Loaded the demo partnership: ${r.people} people, ${r.meetings} meetings, ${r.crimeRows} police.uk rows.`)
}
const app = await buildApp(container, { logger: { level: config.logLevel } })
closeWithGrace({ delay: 5000 }, async ({ err }) => {
  if (err) app.log.error(err)
  await app.close()
  await container.close()
})
// Mail on a schedule: every quarter of an hour, send what waits in the outbox (and, on Monday
// mornings, queue the week's action digests). Without CSP_SMTP_URL nothing is queued or sent here.
if (container.services.outbox.on) {
  const tick = (): void => {
    container.services.notify
      .run(undefined, { digests: digestDue(new Date()) })
      .then((r) => (r.queued || r.sent || r.failed ? app.log.info(r, 'mail') : undefined))
      .catch((e: unknown) => app.log.error(e, 'mail'))
  }
  setInterval(tick, 15 * 60 * 1000).unref()
  setTimeout(tick, 10_000).unref()
}
await app.listen({ port: config.port, host: config.host })
console.log(`csp-hub is running at ${config.baseUrl} on ${container.database.location}`)
