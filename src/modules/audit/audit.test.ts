import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { demoMeetings, useDemoApp } from '../../web/test-app'

const app = useDemoApp()
const actor = { name: 'system:test' }

/** Makes every audit write fail (a full disk, a lost connection) for the length of `work`. */
async function withAuditDown(work: () => Promise<void>) {
  const db = app.t.container.database.db
  const postgres = app.t.container.database.dialect === 'postgres'
  if (postgres) {
    await sql`create function audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit store unavailable'; end $$`.execute(
      db,
    )
    await sql`create trigger audit_down before insert on audit_event for each row execute function audit_down()`.execute(
      db,
    )
  } else {
    await sql`create trigger audit_down before insert on audit_event begin select raise(abort, 'audit store unavailable'); end`.execute(
      db,
    )
  }
  try {
    await work()
  } finally {
    if (postgres) {
      await sql`drop trigger audit_down on audit_event`.execute(db)
      await sql`drop function audit_down()`.execute(db)
    } else await sql`drop trigger audit_down`.execute(db)
  }
}

describe('the audit trail', () => {
  it('cannot be edited or deleted, by anyone, even straight in the database', async () => {
    const db = app.t.container.database.db
    const before = await db.selectFrom('audit_event').selectAll().orderBy('id').execute()
    expect(before.length).toBeGreaterThan(0)
    await expect(db.updateTable('audit_event').set({ actor: 'someone else' }).execute()).rejects.toThrow(
      /audit trail cannot be changed/,
    )
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/audit trail cannot be changed/)
    expect(await db.selectFrom('audit_event').selectAll().orderBy('id').execute()).toEqual(before)
  })

  it('fails a change whose audit event cannot be written, leaving nothing of the change behind', async () => {
    const t = app.t
    const { reference } = await demoMeetings(t)
    const doc = await t.container.services.minutes.document(reference.id)
    const p = doc.items[1]!.paragraphs[0]!
    const decisionsBefore = (await t.container.services.decisions.list(app.partnershipId)).length
    await withAuditDown(async () => {
      const res = await t.submit(
        `/meetings/${reference.id}/paragraphs/${p.id}/decisions/new`,
        `/meetings/${reference.id}/paragraphs/${p.id}/decisions/new`,
        { topic: 'Lost decision', wording: 'This should not be saved.' },
      )
      expect(res.statusCode).toBe(500)
      expect(res.body).toContain('Sorry, there is a problem with the service')
      expect(res.body).toContain('Nothing you submitted was half-saved')
      expect(res.body).not.toMatch(/audit store unavailable|\n\s+at /)
      await expect(
        t.container.services.users.add(
          app.partnershipId,
          { email: 'lost@example.org', role: 'viewer', password: 'a long test passphrase' },
          actor,
        ),
      ).rejects.toThrow(/audit store unavailable/)
    })
    expect((await t.container.services.decisions.list(app.partnershipId)).length).toBe(decisionsBefore)
    expect(
      await t.container.database.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'lost@example.org')
        .executeTakeFirst(),
    ).toBeUndefined()
    // With the audit store back, the same change goes through.
    const ok = await t.submit(
      `/meetings/${reference.id}/paragraphs/${p.id}/decisions/new`,
      `/meetings/${reference.id}/paragraphs/${p.id}/decisions/new`,
      { topic: 'Kept decision', wording: 'This is saved.' },
    )
    expect(ok.statusCode).toBe(303)
  })
})
