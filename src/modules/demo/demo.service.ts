import { runAsEveryone } from '../access/restriction'
import { fromRoot } from '../../paths'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import type { Db } from '../../db/database'
import { RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import type { ActionsService } from '../governance/actions/actions.service'
import type { DecisionsService } from '../governance/decisions/decisions.service'
import type { ForwardPlanService } from '../governance/forward-plan/forward-plan.service'
import type { MinutesService } from '../governance/minutes/minutes.service'
import { parseMinutesMarkup } from '../governance/minutes/minutes-markup'
import { nameKey } from '../governance/partnership/person-name'
import { meetingsFile, partnershipFile, performanceFile, registersFile } from './demo.schemas'
import type { RegistersService } from '../registers/registers.service'
import type { BoundariesService } from '../performance/boundaries/boundaries.service'
import type { CrimesService } from '../performance/crimes/crimes.service'
import type { LookupsService } from '../performance/lookups/lookups.service'

export const demoDirectory = fromRoot('demo', 'dorset')

function readJson<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`${path} could not be read as JSON: ${(e as Error).message}`)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`${path} is not a valid demo file. Fix: ${where.join('; ')}`)
  }
  return parsed.data
}

export type DemoService = ReturnType<typeof demoService>

/**
 * Loads a partnership from data files (demo/dorset/*.json): the reference minutes, structured.
 * Everything is written in one transaction; the agendas marked for generation are generated after.
 */
export function demoService(
  db: Db,
  clock: () => Date,
  deps: { actions: ActionsService; decisions: DecisionsService; forwardPlan: ForwardPlanService; minutes: MinutesService; boundaries: BoundariesService; crimes: CrimesService; lookups: LookupsService; registers: RegistersService },
) {
  return {
    async isEmpty(): Promise<boolean> {
      const r = await db.selectFrom('partnership').select('id').limit(1).execute()
      return r.length === 0
    },

    /**
     * Loads the demo partnership. `performance` adds its boundaries and twelve months of police.uk
     * crime (a few seconds); the tests of the meeting cycle leave it out.
     */
    /** Whether the partnership is the demo's (its records are dated 2024–25, whatever today is). */
    async isDemo(partnershipId: string): Promise<boolean> {
      return !!(await db.selectFrom('audit_event').select('id').where('action', '=', 'demo.load').where('subject_id', '=', partnershipId).limit(1).executeTakeFirst())
    },

    load(actor: Actor, dir: string = demoDirectory, options: { performance?: boolean } = {}) {
      // Loading is the operator's work: it reads and links every record, restricted ones included.
      return runAsEveryone(() => this.loadDemo(actor, dir, options))
    },

    async loadDemo(actor: Actor, dir: string, options: { performance?: boolean }) {
      const pf = readJson(join(dir, 'partnership.json'), partnershipFile)
      const mf = readJson(join(dir, 'meetings.json'), meetingsFile)
      const rf = readJson(join(dir, 'registers.json'), registersFile)
      if (!(await this.isEmpty())) throw new RuleError('The database already holds a partnership; the demo loads only into an empty database.')
      const now = clock().toISOString()
      const partnershipId = randomUUID()
      const agencyIds = new Map<string, string>()
      const personIds = new Map<string, string>()
      const meetingIds = new Map<string, string>()
      const paragraphIds = new Map<string, string>()

      const person = (name: string, where: string) => {
        const id = personIds.get(nameKey(name))
        if (!id) throw new Error(`${where}: "${name}" is not in partnership.json's people or aliases`)
        return id
      }
      const agency = (name: string, where: string) => {
        const id = agencyIds.get(name)
        if (!id) throw new Error(`${where}: agency "${name}" is not in partnership.json's agencies`)
        return id
      }
      const meeting = (key: string, where: string) => {
        const id = meetingIds.get(key)
        if (!id) throw new Error(`${where}: meeting "${key}" is not in meetings.json`)
        return id
      }

      await db.transaction().execute(async (tx) => {
        await tx.insertInto('partnership').values({
          id: partnershipId,
          name: pf.partnership.name,
          area_name: pf.partnership.areaName,
          quorum_min_statutory_agencies: pf.partnership.quorumMinStatutoryAgencies,
          default_platform: pf.partnership.defaultPlatform ?? null,
          locality_share_threshold: 0.5,
          created_at: now,
          ons_code: null,
        }).execute()
        for (const a of pf.agencies) {
          const id = randomUUID()
          agencyIds.set(a.name, id)
          await tx.insertInto('agency').values({ id, partnership_id: partnershipId, name: a.name, short_name: a.shortName ?? null, statutory: a.statutory ? 1 : 0, sector: a.sector, created_at: now }).execute()
        }
        for (const p of pf.people) {
          const id = randomUUID()
          personIds.set(nameKey(p.fullName), id)
          await tx.insertInto('person').values({ id, partnership_id: partnershipId, honorific: p.honorific ?? null, full_name: p.fullName, email: p.email ?? null, created_at: now }).execute()
          for (const a of p.aliases ?? []) {
            personIds.set(nameKey(a.alias), id)
            await tx.insertInto('person_alias').values({ id: randomUUID(), person_id: id, alias: a.alias, alias_key: nameKey(a.alias), note: a.note ?? null }).execute()
          }
        }
        for (const m of pf.memberships) {
          await tx.insertInto('membership').values({
            id: randomUUID(),
            partnership_id: partnershipId,
            person_id: person(m.person, 'memberships'),
            agency_id: agency(m.agency, 'memberships'),
            affiliation: m.affiliation,
            role: m.role,
            start_date: m.startDate ?? null,
            end_date: m.endDate ?? null,
            created_at: now,
          }).execute()
        }
        for (const m of mf.meetings) meetingIds.set(m.key, randomUUID())

        for (const m of mf.meetings) {
          const id = meeting(m.key, 'meetings')
          await tx.insertInto('meeting').values({
            id,
            partnership_id: partnershipId,
            title: m.title,
            date: m.date ?? null,
            date_not_before: m.dateNotBefore ?? null,
            date_not_after: m.dateNotAfter ?? null,
            date_note: m.dateNote ?? null,
            note: m.note ?? null,
            start_time: m.startTime ?? null,
            end_time: m.endTime ?? null,
            venue: m.venue ?? null,
            online_platform: m.onlinePlatform ?? null,
            online_url: m.onlineUrl ?? null,
            status: m.status,
            sequence: 0,
            minutes_status: m.minutes?.status ?? 'draft',
            minutes_version: 1,
            minutes_approved_at_meeting_id: m.minutes?.approvedAt ? meeting(m.minutes.approvedAt, `meeting ${m.key}`) : null,
            minutes_approved_on: null,
            minutes_published_on: null,
            created_at: now,
            updated_at: now,
          }).execute()
        }

        for (const m of mf.meetings) {
          const id = meeting(m.key, 'meetings')
          let position = 1
          for (const group of m.attendance ?? []) {
            for (const a of group.people) {
              const personId = person(a.person, `meeting ${m.key} attendance`)
              const membership = pf.memberships.find((x) => nameKey(x.person) === nameKey(a.person))
              if (!membership) throw new Error(`meeting ${m.key} attendance: "${a.person}" has no membership in partnership.json`)
              await tx.insertInto('attendance').values({
                id: randomUUID(), meeting_id: id, person_id: personId, agency_id: agency(membership.agency, 'attendance'),
                affiliation: a.affiliation, attendance_group: group.group, status: 'present', is_chair: a.chair ? 1 : 0, position: position++,
              }).execute()
            }
          }
          for (const a of m.apologies ?? []) {
            await tx.insertInto('attendance').values({
              id: randomUUID(), meeting_id: id, person_id: person(a.person, `meeting ${m.key} apologies`), agency_id: agency(a.agency, 'apologies'),
              affiliation: a.affiliation, attendance_group: 'core', status: 'apologies', is_chair: 0, position: position++,
            }).execute()
          }
          for (const item of m.items ?? []) {
            const itemId = randomUUID()
            await tx.insertInto('agenda_item').values({
              id: itemId, meeting_id: id, number: item.number, title: item.title, kind: item.kind,
              presenter_person_id: item.presenter ? person(item.presenter, `item ${item.number}`) : null, forward_plan_item_id: null,
            }).execute()
            for (const p of item.paragraphs) {
              const [itemNo, seq] = p.number.split('.').map(Number)
              if (itemNo !== item.number) throw new Error(`meeting ${m.key}: paragraph ${p.number} sits under item ${item.number}`)
              const pid = randomUUID()
              paragraphIds.set(`${m.key}#${p.number}`, pid)
              const body = p.body.join('\n')
              await tx.insertInto('minute_paragraph').values({ id: pid, agenda_item_id: itemId, seq: seq!, heading: p.heading ?? null, cites: p.cites ?? null, body, source: 'written', action_id: null }).execute()
              const markers = parseMinutesMarkup(body).blocks.filter((b) => b.kind === 'action')
              const specs = p.actions ?? []
              if (markers.length !== specs.length) throw new Error(`meeting ${m.key} paragraph ${p.number}: ${markers.length} "Action -" lines but ${specs.length} actions described`)
              for (const [i, spec] of specs.entries()) {
                const marker = markers[i]!
                await deps.actions.createIn(tx, partnershipId, {
                  meetingId: id,
                  paragraphId: pid,
                  markerIndex: i,
                  title: spec.title,
                  description: spec.description,
                  ownerIds: marker.kind === 'action' ? marker.owners.map((o) => person(o, `paragraph ${p.number} action`)) : [],
                  dueDate: spec.dueDate ?? null,
                  targetMeetingId: spec.targetMeeting ? meeting(spec.targetMeeting, `paragraph ${p.number} action`) : null,
                  carriedFrom: spec.carriedFrom ?? null,
                }, actor)
              }
            }
          }
          for (const d of m.decisions ?? []) {
            const pid = paragraphIds.get(`${m.key}#${d.paragraph}`)
            if (!pid) throw new Error(`meeting ${m.key} decision "${d.topic}": no paragraph ${d.paragraph}`)
            await deps.decisions.createIn(tx, partnershipId, { meetingId: id, paragraphId: pid, topic: d.topic, wording: d.wording }, actor)
          }
        }
        for (const f of mf.forwardPlan) {
          await deps.forwardPlan.createIn(tx, partnershipId, {
            title: f.title,
            description: f.description ?? null,
            leadPersonId: f.lead ? person(f.lead, `forward plan "${f.title}"`) : null,
            targetMeetingId: f.targetMeeting ? meeting(f.targetMeeting, `forward plan "${f.title}"`) : null,
            targetMonth: f.targetMonth ?? null,
            targetNote: f.targetNote ?? null,
            reportTemplate: f.report?.template ?? null,
            reportPeriod: f.report?.period ?? null,
            sourceParagraphId: f.source ? paragraphIds.get(`${f.source.meeting}#${f.source.paragraph}`) ?? null : null,
          }, actor)
        }
        // The registers: every entry the reference minutes mention, linked to its paragraphs, actions and decisions.
        if (rf.riskRegisters.length) await tx.insertInto('register_setting').values({ partnership_id: partnershipId, register: 'risks', settings: JSON.stringify({ books: rf.riskRegisters }), updated_at: now }).execute()
        const actionIds = new Map((await tx.selectFrom('action').select(['id', 'title']).where('partnership_id', '=', partnershipId).execute()).map((a) => [a.title, a.id]))
        const decisionIds = new Map((await tx.selectFrom('decision').select(['id', 'topic']).where('partnership_id', '=', partnershipId).execute()).map((d) => [d.topic, d.id]))
        for (const e of rf.entries) {
          const where = `registers.json entry ${e.ref}`
          const id = await deps.registers.create(partnershipId, e.register, {
            ref: e.ref, title: e.title, status: e.status, statusDate: e.since,
            leadAgencyId: e.lead ? agency(e.lead, where) : null, ownerPersonId: e.owner ? person(e.owner, where) : null,
            visibility: 'partners', userIds: [], fields: e.fields,
          }, actor, undefined, tx)
          if (e.rename) await deps.registers.rename(id, e.rename, actor, tx)
          for (const m of e.moves) await deps.registers.move(id, m, actor, tx)
          for (const n of e.links) {
            const pid = paragraphIds.get(`reference#${n}`)
            if (!pid) throw new Error(`${where}: the reference minutes have no paragraph ${n}`)
            await deps.registers.link(id, 'minute_paragraph', pid, actor, tx)
          }
          for (const [type, names, ids] of [['action', e.actions, actionIds], ['decision', e.decisions, decisionIds]] as const) {
            for (const n of names) {
              const target = ids.get(n)
              if (!target) throw new Error(`${where}: there is no ${type} ${type === 'action' ? 'titled' : 'with the topic'} "${n}" in meetings.json`)
              await deps.registers.link(id, type, target, actor, tx)
            }
          }
        }
        for (const id of meetingIds.values()) await deps.minutes.recordInitialVersion(tx, id, actor, 'Loaded from the demo data files')
        await recordAudit(tx, actor, clock(), { action: 'demo.load', subjectType: 'partnership', subjectId: partnershipId, details: { dir } })
      })

      for (const m of mf.meetings.filter((x) => x.generateAgenda)) {
        await deps.minutes.generateAgenda(meeting(m.key, 'meetings'), actor)
      }
      let crimeRows = 0
      if (options.performance) {
        const perf = readJson(join(dir, 'performance.json'), performanceFile)
        for (const b of perf.boundaries) {
          const path = join(dir, b.file)
          await deps.boundaries.import(partnershipId, { name: path, bytes: readFileSync(path) }, { layer: b.layer, effectiveFrom: b.effectiveFrom, label: b.label, codeField: b.codeField, nameField: b.nameField }, actor, 'thread')
        }
        for (const l of perf.lookups) {
          const path = join(dir, l.file)
          await deps.lookups.import(partnershipId, { name: path, bytes: readFileSync(path) }, { codeField: l.codeField, nameField: l.nameField, lsoaField: l.lsoaField, label: l.label }, actor)
        }
        if (perf.crime.length) crimeRows = (await deps.crimes.import(partnershipId, perf.crime.map((c) => join(dir, c)), actor)).totals.rows
      }
      return { partnershipId, meetings: meetingIds.size, people: pf.people.length, crimeRows }
    },
  }
}

