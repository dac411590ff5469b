// Domestic Homicide Reviews: the statutory stages and clock, the review's details, recommendations, and the analysis across reviews.
import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../db/database'
import { NotFoundError, RuleError } from '../../errors'
import { type Actor } from '../audit/audit.service'
import { accountsToName, currentViewer, setAccess } from '../access/restriction'
import { checkDhrMove } from './dhr-clock'
import * as repo from './registers.repository'
import {
  dhrAnalysis,
  dhrReasonLabels,
  recommendationStatusLabels,
  type DhrReason,
  type RecommendationStatus,
  type ReviewForAnalysis,
} from './dhr-analysis'
import { type DhrDetails, type NewDhr, type NewRecommendation } from './register-types'
import type { RegisterContext } from './register-context'

export function dhrService(ctx: RegisterContext) {
  const {
    today,
    dhrSettings,
    historyOf,
    requireAccountsForDhr,
    visibleEntry,
    inTx,
    checkDate,
    recommendationOf,
    dhrRows,
    db,
    clock,
    recordChange,
  } = ctx
  return {
    dhrSettings: (partnershipId: string) => dhrSettings(db, partnershipId),

    /**
     * The analysis of the reviews the reader may see over a window (the minutes' two years): reasons,
     * completed reviews, learning themes, the recommendations and their delivery, the impact.
     */
    async dhrAnalysis(partnershipId: string, window: { from: string; to: string }) {
      const rows = await dhrRows(partnershipId)
      const recs = (
        await repo.listRecommendations(
          db,
          rows.map((r) => r.id),
        )
      ).map(recommendationOf)
      const reviews: ReviewForAnalysis[] = rows.map((r) => ({
        id: r.id,
        ref: r.ref,
        title: r.title,
        reason: r.details.reason ?? null,
        themes: r.details.themes ?? [],
        impact: r.details.impact ?? '',
        clock: r.clock,
        closedOn: r.clock.closed ? r.clock.statusSince : null,
        recommendations: recs.filter((x) => x.entryId === r.id),
      }))
      return dhrAnalysis(reviews, window, today())
    },

    /** Why the review was held, its learning themes and its impact on local practice. */
    async editDhrAbout(
      id: string,
      input: { reason: DhrReason | null; themes: string[]; impact: string },
      actor: Actor,
    ) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id, 'dhr')
        const before = JSON.parse(entry.details) as DhrDetails
        const themes: string[] = []
        for (const t of input.themes.map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
          if (!themes.some((k) => k.toLowerCase() === t.toLowerCase())) themes.push(t)
        const after: DhrDetails = { ...before, reason: input.reason, themes, impact: input.impact.trim() }
        const changes: string[] = []
        if ((before.reason ?? null) !== after.reason)
          changes.push(
            `Reason for review: ${before.reason ? dhrReasonLabels[before.reason] : 'not recorded'} → ${after.reason ? dhrReasonLabels[after.reason] : 'not recorded'}`,
          )
        if ((before.themes ?? []).join('\n') !== themes.join('\n'))
          changes.push(`Learning themes: ${themes.length ? themes.join('; ') : 'none'}`)
        if ((before.impact ?? '') !== after.impact) changes.push('Impact on local practice updated')
        if (changes.length === 0) throw new RuleError('Nothing was changed.', 'reason')
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { details: JSON.stringify(after), updated_at: now })
        await recordChange(
          tx,
          actor,
          id,
          { date: today(), kind: 'change', text: changes.join('; '), at: now },
          { action: 'register.change', details: { fields: ['reason', 'themes'] } },
        )
      })
    },

    /** A recommendation of the review's action plan, numbered 1, 2… unless given a reference. */
    async addRecommendation(id: string, input: NewRecommendation, actor: Actor, q?: Queryable) {
      const rid = randomUUID()
      await inTx(q, async (tx) => {
        await visibleEntry(tx, id, 'dhr')
        checkDate(input.date, '0000-01-01', 'The recommendation', 'date')
        const existing = await repo.listRecommendations(tx, [id])
        const ref =
          input.ref?.trim() ||
          String(Math.max(0, ...existing.map((r) => (/^\d+$/.test(r.ref) ? Number(r.ref) : 0))) + 1)
        if (existing.some((r) => r.ref === ref))
          throw new RuleError(
            `This review already has a recommendation ${ref}. References must be unique within a review.`,
            'ref',
          )
        const now = clock().toISOString()
        await repo.insertRecommendation(tx, {
          id: rid,
          entry_id: id,
          ref,
          text: input.text.trim(),
          level: input.level,
          agency_id: input.agencyId,
          owner: input.owner.trim(),
          due_date: input.dueDate,
          status: input.status,
          status_since: input.date,
          evidence: '',
          created_at: now,
          updated_at: now,
        })
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordChange(
          tx,
          actor,
          id,
          {
            date: input.date,
            kind: 'change',
            text: `Recommendation ${ref} added (${recommendationStatusLabels[input.status]})`,
            at: now,
          },
          { action: 'register.recommendation', details: { status: input.status } },
        )
      })
      return rid
    },

    /** A recommendation's delivery: its new status on a date, the evidence of change, a new due date or owner. */
    async updateRecommendation(
      id: string,
      recommendationId: string,
      input: { status: RecommendationStatus; date: string; evidence: string; dueDate: string | null; owner: string },
      actor: Actor,
      q?: Queryable,
    ) {
      await inTx(q, async (tx) => {
        await visibleEntry(tx, id, 'dhr')
        const row = (await repo.listRecommendations(tx, [id])).find((r) => r.id === recommendationId)
        if (!row) throw new NotFoundError(`There is no recommendation with id ${recommendationId}.`)
        const before = recommendationOf(row)
        const evidence = input.evidence.trim()
        if (input.status === 'complete_evidenced' && !evidence)
          throw new RuleError('Say what evidence shows the change: the analysis reports it as the impact.', 'evidence')
        const changes: string[] = []
        if (before.status !== input.status) {
          checkDate(input.date, before.statusSince, `"${recommendationStatusLabels[input.status]}"`, 'date')
          changes.push(`${recommendationStatusLabels[before.status]} → ${recommendationStatusLabels[input.status]}`)
        } else checkDate(input.date, '0000-01-01', 'The change', 'date')
        if ((before.dueDate ?? null) !== input.dueDate)
          changes.push(`due ${before.dueDate ?? 'not set'} → ${input.dueDate ?? 'not set'}`)
        if (before.owner !== input.owner.trim())
          changes.push(`owner ${before.owner || 'not set'} → ${input.owner.trim() || 'not set'}`)
        if (before.evidence !== evidence) changes.push(`evidence: ${evidence || 'removed'}`)
        if (changes.length === 0) throw new RuleError('Nothing was changed.', 'status')
        const now = clock().toISOString()
        await repo.updateRecommendation(tx, recommendationId, {
          status: input.status,
          status_since: before.status !== input.status ? input.date : before.statusSince,
          due_date: input.dueDate,
          owner: input.owner.trim(),
          evidence,
          updated_at: now,
        })
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordChange(
          tx,
          actor,
          id,
          { date: input.date, kind: 'change', text: `Recommendation ${before.ref}: ${changes.join('; ')}`, at: now },
          {
            action: 'register.recommendation',
            details: { recommendation: before.id, before: before.status, after: input.status },
          },
        )
      })
    },

    /**
     * Records a DHR from its notification. DHRs are restricted by default: only the people named
     * (always including the person recording it) see that it exists.
     */
    async createDhr(partnershipId: string, input: NewDhr, actor: Actor, self?: string) {
      await requireAccountsForDhr()
      if (input.visibility !== 'restricted')
        throw new RuleError('A Domestic Homicide Review is restricted to the people named on it, always.', 'visibility')
      const ref = input.ref.trim()
      const check = checkDhrMove([], 'notified', input.notifiedOn, today())
      if (check) throw new RuleError(check, 'notifiedOn')
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        if (await repo.findByRef(tx, partnershipId, 'dhr', ref, currentViewer()))
          throw new RuleError(
            `There is already a review with the case reference ${ref}. Case references must be unique.`,
            'ref',
          )
        const named = await accountsToName(tx, input.visibility, input.userIds, self, true, input.groupIds)
        const now = clock().toISOString()
        const details: DhrDetails = { notifiedOn: input.notifiedOn, extensions: [] }
        await repo.insertEntry(tx, {
          id,
          partnership_id: partnershipId,
          register: 'dhr',
          ref,
          title: input.title,
          status: 'notified',
          status_since: input.notifiedOn,
          lead_agency_id: input.leadAgencyId,
          owner_person_id: null,
          details: JSON.stringify(details),
          visibility: input.visibility,
          created_at: now,
          updated_at: now,
        })
        if (input.visibility === 'restricted')
          await setAccess(tx, 'register_entry', id, 'restricted', named.userIds, now, named.groupIds)
        await recordChange(
          tx,
          actor,
          id,
          { date: input.notifiedOn, kind: 'created', text: 'Notification received', status: 'notified', at: now },
          { action: 'register.create', details: { register: 'dhr', visibility: input.visibility } },
        )
      })
      return id
    },

    /** Moves a review to its next stage on a date, with the reason; out-of-order moves are refused. */
    async moveDhr(id: string, input: { to: string; date: string; reason: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id, 'dhr')
        const history = historyOf(await repo.listEvents(tx, [id]))
        const problem = checkDhrMove(history, input.to, input.date, today())
        if (problem) throw new RuleError(problem, 'to')
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { status: input.to, status_since: input.date, updated_at: now })
        await recordChange(
          tx,
          actor,
          id,
          { date: input.date, kind: 'status', text: input.reason, status: input.to, fromStatus: entry.status, at: now },
          { action: 'register.status', details: { before: entry.status, after: input.to, date: input.date } },
        )
      })
    },

    /** Extends the completion deadline by agreement: months and why, in the timeline. */
    async extendDhr(id: string, input: { months: number; reason: string; date: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id, 'dhr')
        const details = JSON.parse(entry.details) as DhrDetails
        const after: DhrDetails = { ...details, extensions: [...details.extensions, input] }
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { details: JSON.stringify(after), updated_at: now })
        await recordChange(
          tx,
          actor,
          id,
          {
            date: input.date,
            kind: 'change',
            text: `Completion extended by ${input.months} month${input.months === 1 ? '' : 's'}: ${input.reason}`,
            at: now,
          },
          { action: 'register.extend', details: { months: input.months } },
        )
      })
    },
  }
}
