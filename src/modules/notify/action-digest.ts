// The weekly digest of each person's actions: open, due soon and overdue, to the account linked to
// the person who owns them (only what that account may see), once per ISO week.
import type { Db } from '../../db/database'
import { overdue, type ActionsService } from '../governance/actions/actions.service'
import { addDays, longDate } from '../governance/meetings/meeting-date'
import type { NewMessage, OutboxService } from './outbox.service'

/** Actions due within this many days are "due soon". */
export const DUE_SOON_DAYS = 14

/** The ISO week of a day, "2025-W09": the digest's once-a-week key. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  const dow = (d.getUTCDay() + 6) % 7
  d.setUTCDate(d.getUTCDate() - dow + 3)
  const year = d.getUTCFullYear()
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7)
  return `${year}-W${String(week).padStart(2, '0')}`
}

export async function queueActionDigests(
  deps: { db: Db; outbox: OutboxService; actions: Pick<ActionsService, 'open'> },
  partnership: { id: string; name: string },
  today: string,
  baseUrl: string,
): Promise<number> {
  const accounts = await deps.db
    .selectFrom('app_user')
    .select(['id', 'email', 'name', 'person_id'])
    .where('partnership_id', '=', partnership.id)
    .where('disabled', '=', 0)
    .where('person_id', 'is not', null)
    .execute()
  const soon = addDays(today, DUE_SOON_DAYS)
  const week = isoWeek(today)
  const messages: NewMessage[] = []
  for (const u of accounts) {
    const mine = (await deps.actions.open(partnership.id, { kind: 'user', userId: u.id })).filter((a) =>
      a.owners.some((o) => o.id === u.person_id),
    )
    if (!mine.length) continue
    const late = mine.map((a) => ({ a, why: overdue(a, today) }))
    const over = late.filter((x) => x.why)
    const due = late.filter((x) => {
      const when = x.a.due_date ?? x.a.target_date
      return !x.why && when !== null && when >= today && when <= soon
    })
    const rest = late.filter((x) => !over.includes(x) && !due.includes(x))
    const line = (x: (typeof late)[number]) =>
      `- ${x.a.ref}. ${x.a.title}${x.a.paragraphNumber ? ` (minutes paragraph ${x.a.paragraphNumber})` : ''}` +
      `${x.why ? `: ${x.why}` : x.a.targetText ? `: ${x.a.targetText.charAt(0).toLowerCase()}${x.a.targetText.slice(1)}` : ''}\n  ${baseUrl}/actions/${x.a.id}`
    const section = (title: string, xs: typeof late) => (xs.length ? [`${title}:`, ...xs.map(line), ''] : [])
    const counts = [
      over.length ? `${over.length} overdue` : null,
      due.length ? `${due.length} due in the next ${DUE_SOON_DAYS} days` : null,
      `${mine.length} open in all`,
    ].filter(Boolean)
    messages.push({
      partnershipId: partnership.id,
      kind: 'actions.digest',
      dedupeKey: `actions.digest:${u.id}:${week}`,
      to: u.email,
      toUserId: u.id,
      subject: `Your actions for ${partnership.name}: ${counts.join(', ')}`,
      body: [
        `${u.name},`,
        '',
        `Your open actions for ${partnership.name}, as of ${longDate(today)}.`,
        '',
        ...section('Overdue', over),
        ...section(`Due in the next ${DUE_SOON_DAYS} days`, due),
        ...section('Open', rest),
        `Update an action on its page, or see them all: ${baseUrl}/actions`,
        '',
        `You get this weekly because you own actions in csp-hub. To stop it, untick it on your account page: ${baseUrl}/account`,
      ].join('\n'),
    })
  }
  let queued = 0
  await deps.db.transaction().execute(async (tx) => {
    for (const m of messages) if (await deps.outbox.enqueueIn(tx, m)) queued++
  })
  return queued
}
