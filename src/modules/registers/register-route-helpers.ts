import type { FastifyRequest } from 'fastify'
import type { Services } from '../../container'
import { NotFoundError } from '../../errors'
import { isGenericRegister } from './register-defs'

/** What the registers' route plugins share: the partnership, a register's name checked, the choices their forms offer. */
export function registerRouteHelpers(services: Services) {
  const partnershipId = async () => (await services.partnership.current()).id
  return {
    partnershipId,
    /** A register's name from an address: one of the general registers, or the DHR register. */
    kindOf: (kind: string) => {
      if (kind !== 'dhr' && !isGenericRegister(kind)) throw new NotFoundError(`There is no register called ${kind}.`)
      return kind
    },
    agencyItems: async () => [
      { value: '', text: 'Not set' },
      ...(await services.partnership.agencies(await partnershipId())).map((a) => ({ value: a.id, text: a.name })),
    ],
    accountItems: async (req: FastifyRequest) => (req.accountsOn ? services.users.choices(await partnershipId()) : []),
    groupItems: async (req: FastifyRequest) =>
      req.accountsOn ? services.accessGroups.choices(await partnershipId()) : [],
  }
}
