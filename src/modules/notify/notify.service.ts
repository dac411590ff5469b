// What is due to be sent now, queued and delivered: the CLI's `csp notify run` and the server's
// schedule both call `run`.
import type { Db } from '../../db/database'
import type { ActionsService } from '../governance/actions/actions.service'
import type { PartnershipService } from '../governance/partnership/partnership.service'
import { queueActionDigests } from './action-digest'
import { queueDhrReminders } from './dhr-reminders'
import type { RegistersService } from '../registers/registers.service'
import type { OutboxService } from './outbox.service'

export type NotifyService = ReturnType<typeof notifyService>

export function notifyService(
  db: Db,
  clock: () => Date,
  deps: {
    outbox: OutboxService
    actions: Pick<ActionsService, 'open'>
    partnership: Pick<PartnershipService, 'current'>
    registers: Pick<RegistersService, 'listDhr'>
  },
  baseUrl: string,
) {
  return {
    /**
     * Queues what is due on `today` (the digests of the week, unless `digests` is false), then
     * sends what is waiting.
     */
    async run(today: string = clock().toISOString().slice(0, 10), options: { digests?: boolean } = {}) {
      const p = await deps.partnership.current()
      const queued =
        options.digests === false
          ? 0
          : (await queueActionDigests({ db, outbox: deps.outbox, actions: deps.actions }, p, today, baseUrl)) +
            (await queueDhrReminders({ db, outbox: deps.outbox, registers: deps.registers }, p, today, baseUrl))
      const delivered = await deps.outbox.deliver()
      return { queued, ...delivered }
    },
  }
}

/** When the schedule queues the weekly digests: Monday from 7 in the morning, London time. */
export function digestDue(now: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now)
  const weekday = parts.find((x) => x.type === 'weekday')?.value
  const hour = Number(parts.find((x) => x.type === 'hour')?.value)
  return weekday === 'Mon' && hour >= 7
}
