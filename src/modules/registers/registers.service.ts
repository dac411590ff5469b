// The registers service: one object made of its parts, each in a file of its own concern.
import type { Db, Queryable } from '../../db/database'
import type { FieldChoices } from './register-defs'
import { registerContext } from './register-context'
import { registerEntries } from './register-entries.service'
import { dhrService } from './dhr.service'
import { registerLinks } from './register-links.service'
import { registerSettings } from './register-settings.service'
import { registerTransfer } from './register-transfer.service'

export * from './register-types'

export type RegistersService = ReturnType<typeof registersService>

export function registersService(
  db: Db,
  clock: () => Date,
  deps: { choices(partnershipId: string, q: Queryable): Promise<FieldChoices> },
) {
  const ctx = registerContext(db, clock, deps)
  const entries = registerEntries(ctx)
  return {
    /** The service's today (YYYY-MM-DD), from its clock. */
    today: ctx.today,
    ...entries,
    ...registerSettings(ctx),
    ...dhrService(ctx),
    ...registerLinks(ctx),
    ...registerTransfer(ctx, entries),
  }
}
