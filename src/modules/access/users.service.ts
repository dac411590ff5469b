import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db } from '../../db/database'
import { NotFoundError, RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import { roles, type Role } from './access.table'
import { hashPassword, passwordProblem, verifyAgainstNobody, verifyPassword } from './passwords'
import type { PartnershipService } from '../governance/partnership/partnership.service'

export const LOCK_AFTER = 5
export const LOCK_MINUTES = 15
export const SESSION_HOURS = 12

export interface SignedIn {
  id: string
  email: string
  name: string
  role: Role
  agencyId: string | null
  personId: string | null
}

export type SignInResult =
  | { ok: true; user: SignedIn; sessionToken: string }
  | { ok: false; reason: 'wrong' | 'locked' | 'disabled'; until?: string }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex')

import { failuresWithoutAccount } from './sign-in-throttle'

export type UsersService = ReturnType<typeof usersService>

export function usersService(db: Db, clock: () => Date, people: Pick<PartnershipService, 'resolveName'>) {
  const noAccount = failuresWithoutAccount()
  const toSignedIn = (u: {
    id: string
    email: string
    name: string
    role: Role
    agency_id: string | null
    person_id: string | null
  }): SignedIn => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    agencyId: u.agency_id,
    personId: u.person_id,
  })

  async function setHash(userId: string, next: string, actor: Actor, action: string) {
    const problem = passwordProblem(next)
    if (problem) throw new RuleError(`${problem}.`, 'password')
    const hash = await hashPassword(next)
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('app_user')
        .set({
          password_hash: hash,
          failed_sign_ins: 0,
          locked_until: null,
          password_changed_at: clock().toISOString(),
        })
        .where('id', '=', userId)
        .execute()
      await tx.deleteFrom('app_session').where('user_id', '=', userId).execute()
      await recordAudit(tx, actor, clock(), { action, subjectType: 'app_user', subjectId: userId })
    })
  }

  /** A new session (the failure count cleared) and its audit event, together; returns the cookie value. */
  async function startSession(
    userId: string,
    actor: Actor,
    now: Date,
    details: Record<string, unknown>,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('app_user')
        .set({ failed_sign_ins: 0, locked_until: null })
        .where('id', '=', userId)
        .execute()
      await tx
        .insertInto('app_session')
        .values({
          id_hash: sessionHash(token),
          user_id: userId,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + SESSION_HOURS * 3600000).toISOString(),
        })
        .execute()
      await recordAudit(tx, actor, now, { action: 'user.sign_in', subjectType: 'app_user', subjectId: userId, details })
    })
    return token
  }

  return {
    /**
     * Whether the app is in accounts mode: from the first account ever made, for good. Until then it
     * runs single-user, as it says on every page; disabling every account (incident response) locks
     * everyone out instead of opening the app to anonymous visitors.
     */
    /** Signs in an account that was just made (the first administrator, at set-up): its session cookie value. */
    async openSession(userId: string, actor: Actor): Promise<string> {
      return startSession(userId, actor, clock(), { via: 'set-up' })
    },

    async accountsOn(): Promise<boolean> {
      return !!(await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst())
    },

    async add(
      partnershipId: string,
      input: {
        email: string
        name?: string | undefined
        role: string
        agency?: string | undefined
        person?: string | undefined
        password: string
      },
      actor: Actor,
    ) {
      const email = input.email.trim().toLowerCase()
      if (!EMAIL.test(email)) throw new RuleError(`"${input.email}" is not an email address.`, 'email')
      if (!(roles as readonly string[]).includes(input.role))
        throw new RuleError(`Role must be one of ${roles.join(', ')}.`, 'role')
      const problem = passwordProblem(input.password)
      if (problem) throw new RuleError(`${problem}.`, 'password')
      let agencyId: string | null = null
      if (input.agency) {
        const agencies = await db
          .selectFrom('agency')
          .select(['id', 'name'])
          .where('partnership_id', '=', partnershipId)
          .execute()
        const hit =
          agencies.find((a) => a.id === input.agency || a.name.toLowerCase() === input.agency!.trim().toLowerCase()) ??
          agencies.filter((a) => a.name.toLowerCase().includes(input.agency!.trim().toLowerCase()))
        const found = Array.isArray(hit) ? (hit.length === 1 ? hit[0] : undefined) : hit
        if (!found)
          throw new RuleError(
            `No single agency matches "${input.agency}". Agencies: ${agencies.map((a) => a.name).join('; ')}.`,
            'agency',
          )
        agencyId = found.id
      }
      let personId: string | null = null
      let personName: string | undefined
      if (input.person) {
        // A person's id (the browser's choice from a list) or a name as people write it (the CLI).
        const person =
          (await db
            .selectFrom('person')
            .select(['id', 'full_name'])
            .where('id', '=', input.person)
            .where('partnership_id', '=', partnershipId)
            .executeTakeFirst()) ?? (await people.resolveName(partnershipId, input.person))
        if (!person)
          throw new RuleError(
            `No one called "${input.person}" is in the partnership's records. Add them on the People page first.`,
            'person',
          )
        personId = person.id
        personName = person.full_name
      }
      if (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst())
        throw new RuleError(`There is already an account for ${email}.`, 'email')
      const id = randomUUID()
      const now = clock().toISOString()
      const hash = await hashPassword(input.password)
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('app_user')
          .values({
            id,
            partnership_id: partnershipId,
            email,
            name: input.name?.trim() || personName || email,
            agency_id: agencyId,
            person_id: personId,
            role: input.role as Role,
            password_hash: hash,
            disabled: 0,
            failed_sign_ins: 0,
            locked_until: null,
            created_at: now,
            password_changed_at: now,
            mail_off: '',
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'user.add',
          subjectType: 'app_user',
          subjectId: id,
          details: { email, role: input.role, agencyId },
        })
      })
      return { id, email, role: input.role as Role }
    },

    list: (partnershipId: string) =>
      db
        .selectFrom('app_user')
        .leftJoin('agency', 'agency.id', 'app_user.agency_id')
        .select([
          'app_user.id',
          'app_user.email',
          'app_user.name',
          'app_user.role',
          'app_user.disabled',
          'app_user.locked_until',
          'app_user.person_id',
          'app_user.password_changed_at',
          'agency.name as agency',
        ])
        .where('app_user.partnership_id', '=', partnershipId)
        .orderBy('app_user.email')
        .execute(),

    /** Active accounts as checkbox choices for "people who may see it" (name, email; role and agency as the hint). */
    async choices(partnershipId: string) {
      const rows = await db
        .selectFrom('app_user')
        .leftJoin('agency', 'agency.id', 'app_user.agency_id')
        .select(['app_user.id', 'app_user.email', 'app_user.name', 'app_user.role', 'agency.name as agency'])
        .where('app_user.partnership_id', '=', partnershipId)
        .where('app_user.disabled', '=', 0)
        .orderBy('app_user.email')
        .execute()
      return rows.map((u) => ({
        value: u.id,
        text: `${u.name} (${u.email})`,
        hint: { text: [u.role, u.agency].filter(Boolean).join(', ') },
      }))
    },

    async disable(email: string, actor: Actor) {
      const u = await db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst()
      if (!u) throw new NotFoundError(`There is no account for ${email}.`)
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('app_user').set({ disabled: 1 }).where('id', '=', u.id).execute()
        await tx.deleteFrom('app_session').where('user_id', '=', u.id).execute()
        await recordAudit(tx, actor, clock(), { action: 'user.disable', subjectType: 'app_user', subjectId: u.id })
      })
    },

    async enable(email: string, actor: Actor) {
      const u = await db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst()
      if (!u) throw new NotFoundError(`There is no account for ${email}.`)
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('app_user')
          .set({ disabled: 0, failed_sign_ins: 0, locked_until: null })
          .where('id', '=', u.id)
          .execute()
        await recordAudit(tx, actor, clock(), { action: 'user.enable', subjectType: 'app_user', subjectId: u.id })
      })
    },

    /**
     * Checks a password. After 5 failures in a row the account is locked for 15 minutes (even a
     * right password is refused then); a success clears the count and starts a fresh session.
     */
    async signIn(email: string, password: string, requestId?: string): Promise<SignInResult> {
      const now = clock()
      const key = email.trim().toLowerCase()
      const u = await db.selectFrom('app_user').selectAll().where('email', '=', key).executeTakeFirst()
      if (!u) {
        // The same work and the same answers as for a real account (a real hash checked, "locked"
        // after five tries), so neither timing nor the lock-out tells which addresses have accounts.
        await verifyAgainstNobody(password)
        return noAccount.fail(key, now)
      }
      const actor = { name: u.email, requestId }
      // A disabled account says so only to someone who knows its password; to anyone else it is an unknown address.
      if (u.disabled)
        return (await verifyPassword(password, u.password_hash))
          ? { ok: false, reason: 'disabled' }
          : noAccount.fail(key, now)
      if (u.locked_until && u.locked_until > now.toISOString())
        return { ok: false, reason: 'locked', until: u.locked_until }
      if (!(await verifyPassword(password, u.password_hash))) {
        const failed = u.failed_sign_ins + 1
        const lock = failed >= LOCK_AFTER ? new Date(now.getTime() + LOCK_MINUTES * 60000).toISOString() : null
        await db.transaction().execute(async (tx) => {
          await tx
            .updateTable('app_user')
            .set({ failed_sign_ins: lock ? 0 : failed, locked_until: lock })
            .where('id', '=', u.id)
            .execute()
          await recordAudit(tx, actor, now, {
            action: lock ? 'user.locked' : 'user.sign_in_failed',
            subjectType: 'app_user',
            subjectId: u.id,
            details: { failed },
          })
        })
        return lock ? { ok: false, reason: 'locked', until: lock } : { ok: false, reason: 'wrong' }
      }
      return {
        ok: true,
        user: toSignedIn(u),
        sessionToken: await startSession(u.id, actor, now, { method: 'password' }),
      }
    },

    /**
     * Signs in a person the single sign-on provider vouches for, as the account with that email
     * address. No account is made here: an administrator makes accounts and gives roles.
     */
    async signInWithIdentity(
      identity: { email: string; issuer: string; subject: string },
      requestId?: string,
    ): Promise<SignInResult> {
      const now = clock()
      const u = await db.selectFrom('app_user').selectAll().where('email', '=', identity.email).executeTakeFirst()
      if (!u) return { ok: false, reason: 'wrong' }
      if (u.disabled) return { ok: false, reason: 'disabled' }
      const actor = { name: u.email, requestId }
      return {
        ok: true,
        user: toSignedIn(u),
        sessionToken: await startSession(u.id, actor, now, {
          method: 'oidc',
          issuer: identity.issuer,
          subject: identity.subject,
        }),
      }
    },

    /** The person a session cookie belongs to, or null when it is unknown, expired or their account is disabled. */
    async session(token: string | undefined): Promise<SignedIn | null> {
      if (!token) return null
      const row = await db
        .selectFrom('app_session')
        .innerJoin('app_user', 'app_user.id', 'app_session.user_id')
        .select([
          'app_user.id',
          'app_user.email',
          'app_user.name',
          'app_user.role',
          'app_user.agency_id',
          'app_user.person_id',
          'app_user.disabled',
          'app_session.expires_at',
        ])
        .where('app_session.id_hash', '=', sessionHash(token))
        .executeTakeFirst()
      if (!row || row.disabled || row.expires_at <= clock().toISOString()) return null
      return toSignedIn(row)
    },

    /** The signed-in person's own change: needs the current password; ends every session. */
    async changePassword(userId: string, current: string, next: string, actor: Actor): Promise<boolean> {
      const u = await db.selectFrom('app_user').select(['password_hash']).where('id', '=', userId).executeTakeFirst()
      if (!u || !(await verifyPassword(current, u.password_hash))) return false
      await setHash(userId, next, actor, 'user.password_change')
      return true
    },

    /** The kinds of email a person turned off (see notify/mail-kinds.ts). */
    async mailOff(userId: string): Promise<Set<string>> {
      const u = await db.selectFrom('app_user').select('mail_off').where('id', '=', userId).executeTakeFirst()
      return new Set((u?.mail_off ?? '').split(',').filter(Boolean))
    },

    async setMailOff(userId: string, off: readonly string[], actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('app_user')
          .set({ mail_off: [...new Set(off)].sort().join(',') })
          .where('id', '=', userId)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'user.mail_preferences',
          subjectType: 'app_user',
          subjectId: userId,
          details: { off: [...new Set(off)].sort() },
        })
      })
    },

    /** A password set through an emailed link (invitation or reset): the lock cleared, every session ended. */
    setPassword: (userId: string, next: string, actor: Actor, action: string) => setHash(userId, next, actor, action),

    /** An administrator changes someone's role or the person in the records they are; audited with before and after. */
    async update(userId: string, changes: { role?: Role; personId?: string | null }, actor: Actor) {
      const before = await db
        .selectFrom('app_user')
        .select(['id', 'role', 'person_id', 'partnership_id'])
        .where('id', '=', userId)
        .executeTakeFirst()
      if (!before) throw new NotFoundError(`There is no account with id ${userId}.`)
      if (changes.role !== undefined && !(roles as readonly string[]).includes(changes.role))
        throw new RuleError(`Role must be one of ${roles.join(', ')}.`, 'role')
      if (changes.personId) {
        const person = await db
          .selectFrom('person')
          .select('id')
          .where('id', '=', changes.personId)
          .where('partnership_id', '=', before.partnership_id)
          .executeTakeFirst()
        if (!person) throw new RuleError('Choose a person from the list', 'person')
      }
      if (changes.role && changes.role !== 'administrator' && before.role === 'administrator') {
        const admins = await db
          .selectFrom('app_user')
          .select('id')
          .where('partnership_id', '=', before.partnership_id)
          .where('role', '=', 'administrator')
          .where('disabled', '=', 0)
          .execute()
        if (admins.length <= 1)
          throw new RuleError('This is the only administrator: make someone else an administrator first.', 'role')
      }
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('app_user')
          .set({
            ...(changes.role !== undefined ? { role: changes.role } : {}),
            ...(changes.personId !== undefined ? { person_id: changes.personId } : {}),
          })
          .where('id', '=', userId)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'user.update',
          subjectType: 'app_user',
          subjectId: userId,
          details: {
            before: { role: before.role, personId: before.person_id },
            after: { role: changes.role ?? before.role, personId: changes.personId ?? before.person_id },
          },
        })
      })
    },

    /** An administrator's reset: a new password, the lock cleared, every session ended. */
    async resetPassword(email: string, next: string, actor: Actor) {
      const u = await db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst()
      if (!u) throw new NotFoundError(`There is no account for ${email}.`)
      await setHash(u.id, next, actor, 'user.password_reset')
    },

    /** A change refused to someone's role: the refusal's only trace is this audit event. */
    async refused(actor: Actor, request: { method: string; url: string; role: Role }) {
      await recordAudit(db, actor, clock(), {
        action: 'access.refused',
        subjectType: 'request',
        subjectId: actor.requestId ?? '',
        details: request,
      })
    },

    async signOut(token: string | undefined) {
      if (token) await db.deleteFrom('app_session').where('id_hash', '=', sessionHash(token)).execute()
    },
  }
}
