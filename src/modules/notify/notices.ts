// Emails that follow a change, queued in the change's own transaction: an agenda published and
// draft minutes circulated for comment (to every account), an action given to someone (to the
// accounts linked to its owners). Each once only, and only to people who have not turned that
// kind off.
import type { Queryable } from '../../db/database'
import type { OutboxService } from './outbox.service'

export type Notices = ReturnType<typeof notices>

export function notices(outbox: Pick<OutboxService, 'enqueueIn'>, baseUrl: string) {
  const accounts = (tx: Queryable, partnershipId: string) =>
    tx
      .selectFrom('app_user')
      .select(['id', 'email', 'name', 'person_id'])
      .where('partnership_id', '=', partnershipId)
      .where('disabled', '=', 0)
      .execute()
  const partnershipName = async (tx: Queryable, id: string) =>
    (await tx.selectFrom('partnership').select('name').where('id', '=', id).executeTakeFirst())?.name ?? 'csp-hub'

  return {
    /** The agenda and papers published: every account, once per account per publication. Returns how many. */
    async agendaPublished(
      tx: Queryable,
      m: { id: string; partnership_id: string; partnership: string; title: string; when: string },
      publishedAt: string,
    ): Promise<number> {
      let queued = 0
      for (const u of await accounts(tx, m.partnership_id))
        if (
          await outbox.enqueueIn(tx, {
            partnershipId: m.partnership_id,
            kind: 'agenda.published',
            dedupeKey: `agenda.published:${m.id}:${u.id}:${publishedAt}`,
            to: u.email,
            toUserId: u.id,
            subject: `Agenda and papers: ${m.title}, ${m.when}`,
            body: [
              `${u.name},`,
              '',
              `The agenda and papers for ${m.partnership}: ${m.title} on ${m.when} are published.`,
              '',
              `Agenda, papers and the agenda pack (one PDF): ${baseUrl}/meetings/${m.id}`,
              '',
              'Sign in to see the papers for partners; the published version is at',
              `${baseUrl}/published`,
            ].join('\n'),
          })
        )
          queued++
      return queued
    },

    async minutesCirculated(
      tx: Queryable,
      m: { id: string; partnership_id: string; title: string; dateText: string },
      version: number,
    ) {
      const name = await partnershipName(tx, m.partnership_id)
      for (const u of await accounts(tx, m.partnership_id))
        await outbox.enqueueIn(tx, {
          partnershipId: m.partnership_id,
          kind: 'minutes.circulated',
          dedupeKey: `minutes.circulated:${m.id}:${version}:${u.id}`,
          to: u.email,
          toUserId: u.id,
          subject: `Draft minutes for comment: ${m.title}, ${m.dateText}`,
          body: [
            `${u.name},`,
            '',
            `The draft minutes of ${name}: ${m.title} on ${m.dateText} are circulated for comment.`,
            '',
            `Read them, and the actions they give, here: ${baseUrl}/meetings/${m.id}`,
            '',
            'Send corrections to the partnership’s coordinator before the next meeting, where they are approved.',
          ].join('\n'),
        })
    },

    async actionAssigned(
      tx: Queryable,
      a: {
        id: string
        partnership_id: string
        ref: number
        title: string
        ownerIds: readonly string[]
        due: string | null
      },
    ) {
      const owners = new Set(a.ownerIds)
      for (const u of (await accounts(tx, a.partnership_id)).filter((x) => x.person_id && owners.has(x.person_id)))
        await outbox.enqueueIn(tx, {
          partnershipId: a.partnership_id,
          kind: 'actions.assigned',
          dedupeKey: `actions.assigned:${a.id}:${u.id}`,
          to: u.email,
          toUserId: u.id,
          subject: `An action for you: ${a.ref}. ${a.title}`,
          body: [
            `${u.name},`,
            '',
            `You own action ${a.ref}: ${a.title}${a.due ? `, due by ${a.due}` : ''}.`,
            '',
            `Its page, where you can add updates: ${baseUrl}/actions/${a.id}`,
          ].join('\n'),
        })
    },
  }
}
