// What is due to be sent now, queued and delivered: the CLI's `csp notify run` and the server's
// schedule both call `run`.
import type { Db } from '../../db/database'
import type { ActionsService } from '../governance/actions/actions.service'
import type { PartnershipService } from '../governance/partnership/partnership.service'
import { queueActionDigests } from './action-digest'
import type { OutboxService } from './outbox.service'

export type NotifyService = ReturnType<typeof notifyService>

export function notifyService(
  db: Db,
  clock: () => Date,
  deps: {
    outbox: OutboxService
    actions: Pick<ActionsService, 'open'>
    partnership: Pick<PartnershipService, 'current'>
  },
  baseUrl: string,
) {
  return {
    /** Queues what is due on `today` (the digests of the week), then sends what is waiting. */
    async run(today: string = clock().toISOString().slice(0, 10)) {
      const p = await deps.partnership.current()
      const queued = await queueActionDigests({ db, outbox: deps.outbox, actions: deps.actions }, p, today, baseUrl)
      const delivered = await deps.outbox.deliver()
      return { queued, ...delivered }
    },
  }
}
