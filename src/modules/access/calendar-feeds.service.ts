// Secret calendar addresses: one per account, so Outlook and Google Calendar can subscribe to the
// meetings without a session. The token is stored as it is (shown again on the account page and
// by `csp users feed-url`): it opens only that account's meeting calendar, which anyone able to
// read the database can already read. Replacing it ends the old address; turning it off ends it.
import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/database'
import { NotFoundError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'

export type CalendarFeedsService = ReturnType<typeof calendarFeedsService>

/** 32 random bytes, base64url: the address's only secret. */
const newToken = () => randomBytes(32).toString('base64url')

export function calendarFeedsService(db: Db, clock: () => Date, baseUrl: string) {
  const urlOf = (token: string) => `${baseUrl}/calendar/${token}.ics`

  async function userByEmail(email: string) {
    const u = await db
      .selectFrom('app_user')
      .select(['id', 'email', 'disabled'])
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst()
    if (!u) throw new NotFoundError(`There is no account for ${email}.`)
    return u
  }

  async function set(userId: string, actor: Actor, action: 'create' | 'replace' | 'revoke'): Promise<string | null> {
    const token = action === 'revoke' ? null : newToken()
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('calendar_feed').where('user_id', '=', userId).execute()
      if (token)
        await tx
          .insertInto('calendar_feed')
          .values({ token, user_id: userId, created_at: clock().toISOString() })
          .execute()
      await recordAudit(tx, actor, clock(), {
        action: `user.calendar_feed.${action}`,
        subjectType: 'app_user',
        subjectId: userId,
      })
    })
    return token && urlOf(token)
  }

  /** The account's address, or null when it has none. */
  async function urlFor(userId: string): Promise<string | null> {
    const f = await db.selectFrom('calendar_feed').select('token').where('user_id', '=', userId).executeTakeFirst()
    return f ? urlOf(f.token) : null
  }

  /** The account's address, made the first time it is asked for. */
  async function ensure(userId: string, actor: Actor): Promise<string> {
    return (await urlFor(userId)) ?? (await set(userId, actor, 'create'))!
  }

  return {
    urlFor,
    ensure,

    replace: (userId: string, actor: Actor) => set(userId, actor, 'replace') as Promise<string>,
    revoke: (userId: string, actor: Actor) => set(userId, actor, 'revoke').then(() => undefined),

    async ensureByEmail(email: string, actor: Actor) {
      return ensure((await userByEmail(email)).id, actor)
    },
    async replaceByEmail(email: string, actor: Actor) {
      return set((await userByEmail(email)).id, actor, 'replace') as Promise<string>
    },
    async revokeByEmail(email: string, actor: Actor) {
      await set((await userByEmail(email)).id, actor, 'revoke')
    },

    /** Whose address a token is: an enabled account's id, or null (unknown, turned off, or the account disabled). */
    async account(token: string): Promise<string | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
      const f = await db
        .selectFrom('calendar_feed')
        .innerJoin('app_user', 'app_user.id', 'calendar_feed.user_id')
        .select(['app_user.id', 'app_user.disabled'])
        .where('calendar_feed.token', '=', token)
        .executeTakeFirst()
      return f && !f.disabled ? f.id : null
    },
  }
}
