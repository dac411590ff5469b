// DHR statutory deadlines approaching, or passed: a weekly reminder to the accounts named on the
// review, and to no one else. The message holds the review's reference, the deadline and the
// link: no name, no circumstance, nothing that identifies anyone.
import type { Db } from '../../db/database'
import { namedOn, runAsEveryone } from '../access/restriction'
import { addDays, longDate } from '../governance/meetings/meeting-date'
import type { RegistersService } from '../registers/registers.service'
import { isoWeek } from './action-digest'
import type { NewMessage, OutboxService } from './outbox.service'

/** How many days ahead a deadline is mentioned: the decision and publication a fortnight, completion four weeks. */
export const DHR_NOTICE_DAYS = { decision: 14, completion: 28, publication: 14 } as const
const WORDS = {
  decision: 'the decision whether to hold a review',
  completion: 'completing the review',
  publication: 'publishing the review',
} as const

export async function queueDhrReminders(
  deps: { db: Db; outbox: OutboxService; registers: Pick<RegistersService, 'listDhr'> },
  partnership: { id: string; name: string },
  today: string,
  baseUrl: string,
): Promise<number> {
  const reviews = await runAsEveryone(() => deps.registers.listDhr(partnership.id))
  const week = isoWeek(today)
  const messages: NewMessage[] = []
  for (const r of reviews) {
    const c = r.clock
    if (c.closed) continue
    const deadlines = [
      { kind: 'decision' as const, due: !c.decidedOn ? c.decisionDue : null },
      { kind: 'completion' as const, due: c.completionDue && !c.completedOn ? c.completionDue : null },
      { kind: 'publication' as const, due: c.status === 'approved' ? c.publicationDue : null },
    ].filter(
      (d): d is { kind: keyof typeof DHR_NOTICE_DAYS; due: string } =>
        !!d.due && d.due <= addDays(today, DHR_NOTICE_DAYS[d.kind]),
    )
    if (!deadlines.length) continue
    // The people named on the review, directly or through a group such as the DHR panel.
    const named = ((await namedOn(deps.db, [r.id])).get(r.id) ?? []).filter((u) => u.active)
    for (const d of deadlines)
      for (const u of named) {
        const passed = d.due < today
        messages.push({
          partnershipId: partnership.id,
          kind: 'dhr.deadline',
          dedupeKey: `dhr.deadline:${r.id}:${d.kind}:${u.id}:${week}`,
          to: u.email,
          toUserId: u.id,
          subject: `Domestic Homicide Review ${r.ref}: ${passed ? 'deadline passed' : 'deadline approaching'}`,
          body: [
            `${u.name},`,
            '',
            `Domestic Homicide Review ${r.ref} (${partnership.name}): the statutory deadline for ${WORDS[d.kind]} ${passed ? 'was' : 'is'} ${longDate(d.due)}.`,
            '',
            `Sign in to see the review: ${baseUrl}/registers/dhr/${r.id}`,
            '',
            'You get this because you are named on the review. This email holds no details of the case.',
          ].join('\n'),
        })
      }
  }
  let queued = 0
  await deps.db.transaction().execute(async (tx) => {
    for (const m of messages) if (await deps.outbox.enqueueIn(tx, m)) queued++
  })
  return queued
}
