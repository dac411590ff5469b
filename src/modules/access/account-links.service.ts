// Invitations and password resets by email: a one-time link, stored only as its SHA-256, that
// expires (invitations in 7 days, resets in 2 hours) and works once. Asking for a reset says the
// same whether or not the address has an account.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/database'
import { RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import type { OutboxService } from '../notify/outbox.service'
import type { UsersService } from './users.service'

const HOURS = 60 * 60 * 1000
export const LINK_LIFETIME = { invite: 7 * 24 * HOURS, reset: 2 * HOURS } as const

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

export type AccountLinksService = ReturnType<typeof accountLinksService>

export function accountLinksService(
  db: Db,
  clock: () => Date,
  deps: { users: Pick<UsersService, 'add' | 'setPassword'>; outbox: Pick<OutboxService, 'enqueueIn'>; baseUrl: string },
) {
  /** Makes a link for an account and queues its email, in one transaction; returns nothing of the token. */
  async function send(userId: string, purpose: 'invite' | 'reset', actor: Actor) {
    const u = await db
      .selectFrom('app_user')
      .innerJoin('partnership', 'partnership.id', 'app_user.partnership_id')
      .select([
        'app_user.id',
        'app_user.email',
        'app_user.name',
        'app_user.partnership_id',
        'partnership.name as partnership',
        'app_user.disabled',
      ])
      .where('app_user.id', '=', userId)
      .executeTakeFirstOrThrow()
    if (u.disabled) throw new RuleError(`${u.email} is disabled: enable the account before sending it a link.`, 'email')
    const token = randomBytes(32).toString('base64url')
    const now = clock()
    const expires = new Date(now.getTime() + LINK_LIFETIME[purpose])
    const link = `${deps.baseUrl}/account/link/${token}`
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('account_link')
        .values({
          token_hash: hashOf(token),
          user_id: u.id,
          purpose,
          created_at: now.toISOString(),
          expires_at: expires.toISOString(),
          used_at: null,
        })
        .execute()
      await deps.outbox.enqueueIn(tx, {
        partnershipId: u.partnership_id,
        kind: `account.${purpose}`,
        dedupeKey: `account.${purpose}:${hashOf(token)}`,
        to: u.email,
        toUserId: u.id,
        subject:
          purpose === 'invite'
            ? `You are invited to csp-hub for ${u.partnership}`
            : `Set a new csp-hub password for ${u.partnership}`,
        body: [
          `${u.name},`,
          '',
          purpose === 'invite'
            ? `You have an account on csp-hub, where ${u.partnership} runs its meetings, actions and evidence. ` +
              'Choose your password here:'
            : actor.name.startsWith('self:')
              ? 'You asked to set a new password for your csp-hub account (if it was not you, see below). ' +
                'Choose it here:'
              : `${actor.name} sent you a link to set a new password for your csp-hub account. Choose it here:`,
          '',
          link,
          '',
          `The link works once and ends on ${expires.toISOString().slice(0, 16).replace('T', ' ')} (UTC).`,
          purpose === 'reset' ? 'If you did not ask, ignore this email: your password stays as it is.' : '',
        ].join('\n'),
      })
      await recordAudit(tx, actor, clock(), {
        action: `user.link.${purpose}`,
        subjectType: 'app_user',
        subjectId: u.id,
      })
    })
  }

  /** The account a link opens, if it is unused, unexpired and the account enabled. */
  async function open(token: string) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
    const row = await db
      .selectFrom('account_link')
      .innerJoin('app_user', 'app_user.id', 'account_link.user_id')
      .select([
        'account_link.token_hash',
        'account_link.purpose',
        'account_link.expires_at',
        'account_link.used_at',
        'app_user.id',
        'app_user.email',
        'app_user.name',
        'app_user.disabled',
      ])
      .where('account_link.token_hash', '=', hashOf(token))
      .executeTakeFirst()
    if (!row || row.used_at || row.disabled || row.expires_at <= clock().toISOString()) return null
    return row
  }

  return {
    /** Adds an account with no usable password and emails it an invitation link. */
    async invite(
      partnershipId: string,
      input: { email: string; name?: string; role: string; person?: string },
      actor: Actor,
    ) {
      const any = await db
        .selectFrom('app_user')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .executeTakeFirst()
      if (!any && input.role !== 'administrator')
        throw new RuleError(
          'The first account must be an administrator: once it exists everyone signs in, ' +
            'and only an administrator can manage accounts.',
          'role',
        )
      const added = await deps.users.add(
        partnershipId,
        { ...input, password: randomBytes(24).toString('base64url') },
        actor,
      )
      await send(added.id, 'invite', actor)
      return added
    },

    /** Emails a new invitation or reset link to an account (an administrator's action). */
    resend: (userId: string, purpose: 'invite' | 'reset', actor: Actor) => send(userId, purpose, actor),

    /** "Forgotten your password?": a reset link if the address has an enabled account; nothing said either way. */
    async requestReset(email: string) {
      const u = await db
        .selectFrom('app_user')
        .select(['id', 'disabled'])
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst()
      if (u && !u.disabled) await send(u.id, 'reset', { name: `self:${email.trim().toLowerCase()}` })
    },

    open,

    /** Sets the password through a link, which is then spent. */
    async use(token: string, password: string) {
      const row = await open(token)
      if (!row) throw new RuleError('This link has expired or has been used. Ask for a new one.', 'password')
      await deps.users.setPassword(
        row.id,
        password,
        { name: row.email },
        `user.password_${row.purpose === 'invite' ? 'set' : 'reset'}_by_link`,
      )
      await db
        .updateTable('account_link')
        .set({ used_at: clock().toISOString() })
        .where('token_hash', '=', row.token_hash)
        .execute()
      return row
    },
  }
}
