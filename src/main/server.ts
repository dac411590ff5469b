import closeWithGrace from 'close-with-grace'
import { loadConfig } from '../config'
import { buildContainer } from '../container'
import { buildApp } from '../web/app'

const config = loadConfig()
const container = await buildContainer(config)
if (config.loadDemo && (await container.services.demo.isEmpty())) {
  const r = await container.services.demo.load({ name: 'system:demo' })
  console.log(`Empty database: loaded the demo partnership (${r.people} people, ${r.meetings} meetings).`)
}
const app = await buildApp(container, { logger: { level: config.logLevel } })
closeWithGrace({ delay: 5000 }, async ({ err }) => {
  if (err) app.log.error(err)
  await app.close()
  await container.close()
})
await app.listen({ port: config.port, host: config.host })
console.log(`csp-hub is running at ${config.baseUrl} on ${container.database.location}`)
