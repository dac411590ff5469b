import { LOCK_AFTER, LOCK_MINUTES, type SignInResult } from './users.service'

/**
 * Failed sign-ins for addresses with no (active) account, kept in memory the way an account keeps
 * its own: five in a row and the address answers "locked" for 15 minutes, as a real one would.
 */
export function failuresWithoutAccount(max = 10_000) {
  const seen = new Map<string, { failed: number; lockedUntil: number }>()
  return {
    fail(email: string, now: Date): SignInResult {
      const t = now.getTime()
      const entry = seen.get(email) ?? { failed: 0, lockedUntil: 0 }
      if (entry.lockedUntil > t)
        return { ok: false, reason: 'locked', until: new Date(entry.lockedUntil).toISOString() }
      entry.failed++
      if (entry.failed >= LOCK_AFTER) {
        entry.failed = 0
        entry.lockedUntil = t + LOCK_MINUTES * 60000
      }
      seen.delete(email)
      seen.set(email, entry)
      // Oldest first out, so the table cannot grow without bound.
      if (seen.size > max) seen.delete(seen.keys().next().value!)
      return entry.lockedUntil > t
        ? { ok: false, reason: 'locked', until: new Date(entry.lockedUntil).toISOString() }
        : { ok: false, reason: 'wrong' }
    },
  }
}
