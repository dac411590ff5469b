// Email that is never lost: messages go into the outbox in the same transaction as the change
// that causes them (or the run that finds them due), each under a key that makes it once only,
// and are sent after commit through SMTP (nodemailer). A message the server refuses, or that
// cannot reach it, stays pending and is tried again later, each wait longer, until it is sent.
import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import type { Db, Queryable } from '../../db/database'
import { isOptional, mailOff } from './mail-kinds'

export interface NewMessage {
  partnershipId: string
  kind: string
  dedupeKey: string
  to: string
  toUserId?: string | null
  subject: string
  body: string
}

export type OutboxService = ReturnType<typeof outboxService>

/** How long a sender holds a message before another run may try it (it is being sent). */
const LEASE_MS = 10 * 60 * 1000
/** The wait before the next try: 2, 4, 8 … minutes, at most six hours. */
export const retryDelayMs = (attempts: number) => Math.min(2 ** attempts, 360) * 60 * 1000

export function outboxService(db: Db, clock: () => Date, mail: { smtpUrl: string; from: string } | undefined) {
  return {
    /** Whether mail is configured: without it messages wait in the outbox and the pages say mail is off. */
    on: mail !== undefined,

    /**
     * Puts a message in the outbox inside the caller's transaction; false when its key was already
     * used, or the person turned that kind of email off.
     */
    async enqueueIn(tx: Queryable, m: NewMessage): Promise<boolean> {
      if (m.toUserId && isOptional(m.kind)) {
        const u = await tx.selectFrom('app_user').select('mail_off').where('id', '=', m.toUserId).executeTakeFirst()
        if (mailOff(u?.mail_off).has(m.kind)) return false
      }
      const now = clock().toISOString()
      const r = await tx
        .insertInto('outbox_message')
        .values({
          id: randomUUID(),
          partnership_id: m.partnershipId,
          kind: m.kind,
          dedupe_key: m.dedupeKey,
          to_address: m.to,
          to_user_id: m.toUserId ?? null,
          subject: m.subject,
          body: m.body,
          state: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          sent_at: null,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst()
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
    },

    /**
     * Sends what is due now. Each message is leased first (so two runs never send it together),
     * then sent and marked sent; a failure is recorded with the next try's time. Returns counts.
     */
    async deliver(): Promise<{ sent: number; failed: number; waiting: number; off: boolean }> {
      const now = clock()
      const due = await db
        .selectFrom('outbox_message')
        .selectAll()
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now.toISOString())
        .orderBy('created_at')
        .execute()
      if (!mail) return { sent: 0, failed: 0, waiting: due.length, off: true }
      const transport = nodemailer.createTransport(mail.smtpUrl)
      let sent = 0
      let failed = 0
      try {
        for (const m of due) {
          const leased = await db
            .updateTable('outbox_message')
            .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() })
            .where('id', '=', m.id)
            .where('state', '=', 'pending')
            .where('next_attempt_at', '=', m.next_attempt_at)
            .executeTakeFirst()
          if (Number(leased.numUpdatedRows) !== 1) continue
          try {
            await transport.sendMail({
              from: mail.from,
              to: m.to_address,
              subject: m.subject,
              text: m.body,
              messageId: `<${m.id}@csp-hub>`,
              headers: { 'Auto-Submitted': 'auto-generated' },
            })
            await db
              .updateTable('outbox_message')
              .set({ state: 'sent', sent_at: clock().toISOString(), attempts: m.attempts + 1, last_error: null })
              .where('id', '=', m.id)
              .execute()
            sent++
          } catch (e) {
            failed++
            await db
              .updateTable('outbox_message')
              .set({
                attempts: m.attempts + 1,
                last_error: e instanceof Error ? e.message.slice(0, 500) : String(e),
                next_attempt_at: new Date(now.getTime() + retryDelayMs(m.attempts + 1)).toISOString(),
              })
              .where('id', '=', m.id)
              .execute()
          }
        }
      } finally {
        transport.close()
      }
      const waiting = await db
        .selectFrom('outbox_message')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'pending')
        .executeTakeFirst()
      return { sent, failed, waiting: Number(waiting?.n ?? 0), off: false }
    },

    /** The outbox as administrators see it: newest first, with each message's state. */
    list(partnershipId: string, limit = 200) {
      return db
        .selectFrom('outbox_message')
        .select([
          'id',
          'kind',
          'to_address',
          'subject',
          'state',
          'attempts',
          'next_attempt_at',
          'last_error',
          'created_at',
          'sent_at',
        ])
        .where('partnership_id', '=', partnershipId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute()
    },
  }
}
