import { randomUUID } from 'node:crypto'
import type { Db } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { repeatRates, type DaOccurrence } from '../../../stats/da-repeat'
import { plateauStatus, spc, SPC_DEFAULTS, type SpcOptions } from '../../../stats/spc'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { readCsvTable as readCsv } from '../../../csv-read'
import { MONTH, monthsBetween } from '../months'
import type { MeasureTable } from './measures.table'

export type MeasureKind = MeasureTable['kind']
export type Direction = MeasureTable['direction']

export interface MeasureInput {
  key: string
  label: string
  kind: MeasureKind
  owner?: string | null | undefined
  description?: string | null | undefined
  direction: Direction
  target?: number | null | undefined
}

/** An upload refused: every problem with its line and column, nothing written. */
export class MeasureFileError extends Error {
  override readonly name = 'MeasureFileError'
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]!
        : `${problems.length} problems: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ' …' : ''}`,
    )
  }
}

const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const NUMBER = /^-?\d+(\.\d+)?$/

function validDay(s: string): boolean {
  if (!DAY.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return d.toISOString().slice(0, 10) === s
}

export interface MeasurePoint {
  month: string
  value: number
  denominator: number | null
}

export type MeasuresService = ReturnType<typeof measuresService>

export function measuresService(db: Db, clock: () => Date) {
  async function get(id: string) {
    const m = await db.selectFrom('measure').selectAll().where('id', '=', id).executeTakeFirst()
    if (!m) throw new NotFoundError(`There is no measure ${id}.`)
    return m
  }

  /** The monthly series: entered values, or repeat rates (%) computed from the occurrences. */
  async function series(m: MeasureTable): Promise<MeasurePoint[]> {
    if (m.kind === 'series') {
      const rows = await db
        .selectFrom('measure_value')
        .select(['month', 'value', 'denominator'])
        .where('measure_id', '=', m.id)
        .orderBy('month')
        .execute()
      return rows
    }
    const occ = await db
      .selectFrom('da_occurrence')
      .select(['occurred_on', 'victim_ref', 'perpetrator_ref'])
      .where('measure_id', '=', m.id)
      .orderBy('occurred_on')
      .execute()
    if (!occ.length) return []
    const all: DaOccurrence[] = occ.map((o) => ({
      victim: o.victim_ref,
      perpetrator: o.perpetrator_ref,
      date: o.occurred_on,
    }))
    // The look-back needs a year of history before a month's rate can be read as a repeat rate.
    const first = occ[0]!.occurred_on.slice(0, 7)
    const last = occ[occ.length - 1]!.occurred_on.slice(0, 7)
    return monthsBetween(first, last).map((month) => {
      const r = repeatRates(all, `${month}-01`, `${month}-31`)
      return { month, value: r.repeatVictimRate === null ? 0 : 100 * r.repeatVictimRate, denominator: r.victims }
    })
  }

  return {
    get,
    /** A measure by its key (what the command line uses) or id. */
    async find(partnershipId: string, keyOrId: string) {
      const m = await db
        .selectFrom('measure')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .where((eb) => eb.or([eb('key', '=', keyOrId), eb('id', '=', keyOrId)]))
        .executeTakeFirst()
      if (!m) throw new NotFoundError(`There is no measure "${keyOrId}". csp measures list shows them.`)
      return m
    },
    series: async (id: string) => series(await get(id)),

    list: (partnershipId: string) =>
      db.selectFrom('measure').selectAll().where('partnership_id', '=', partnershipId).orderBy('label').execute(),

    async create(partnershipId: string, input: MeasureInput, actor: Actor) {
      if (!KEY.test(input.key))
        throw new RuleError('A measure key is 1 to 40 lower-case letters, digits or hyphens (e.g. fly-tipping).', 'key')
      if (!input.label.trim()) throw new RuleError('Enter a name for the measure.', 'label')
      const clash = await db
        .selectFrom('measure')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('key', '=', input.key)
        .executeTakeFirst()
      if (clash) throw new RuleError(`There is already a measure with the key ${input.key}.`, 'key')
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('measure')
          .values({
            id,
            partnership_id: partnershipId,
            key: input.key,
            label: input.label.trim(),
            kind: input.kind,
            owner: input.owner?.trim() || null,
            description: input.description?.trim() || null,
            direction: input.direction,
            target: input.target ?? null,
            created_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'measure.create',
          subjectType: 'measure',
          subjectId: id,
          details: { key: input.key, kind: input.kind },
        })
      })
      return get(id)
    },

    /** Sets one month's value (a correction replaces it), with the change audited. */
    async setValue(id: string, point: MeasurePoint, actor: Actor) {
      const m = await get(id)
      if (m.kind !== 'series')
        throw new RuleError('Domestic-abuse rates are computed from the occurrences: upload those instead.', 'value')
      if (!MONTH.test(point.month))
        throw new RuleError(`Month "${point.month}" is not a month written YYYY-MM.`, 'month')
      if (!Number.isFinite(point.value)) throw new RuleError('Enter the value as a number.', 'value')
      if (point.denominator !== null && (!Number.isFinite(point.denominator) || point.denominator <= 0))
        throw new RuleError('A denominator is a number above zero, or blank.', 'denominator')
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('measure_value').where('measure_id', '=', id).where('month', '=', point.month).execute()
        await tx
          .insertInto('measure_value')
          .values({
            measure_id: id,
            month: point.month,
            value: point.value,
            denominator: point.denominator,
            updated_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'measure.value',
          subjectType: 'measure',
          subjectId: id,
          details: { ...point },
        })
      })
    },

    /**
     * Uploads a file for a measure. A series takes `month,value[,denominator]`; DA occurrences take
     * `date,victim_id[,perpetrator_id][,kind]`. Every problem is reported with its line and column
     * and nothing is written unless the whole file is good; the upload replaces the months (or the
     * occurrences) it holds.
     */
    async upload(
      id: string,
      source: { name: string; bytes: Buffer },
      actor: Actor,
    ): Promise<{ rows: number; months?: number }> {
      const m = await get(id)
      const { header, rows } = await readCsv(source.name, source.bytes)
      const problems: string[] = []
      const col = (name: string) => header.indexOf(name)
      if (m.kind === 'series') {
        const [mi, vi, di] = [col('month'), col('value'), col('denominator')]
        if (mi === -1 || vi === -1)
          throw new MeasureFileError([
            `${source.name}: the first line must name the columns month,value (and optionally denominator); found "${header.join(',')}".`,
          ])
        const seen = new Map<string, number>()
        const points: MeasurePoint[] = []
        for (const r of rows) {
          const month = r.fields[mi] ?? ''
          const value = r.fields[vi] ?? ''
          const den = di === -1 ? '' : (r.fields[di] ?? '')
          if (!MONTH.test(month))
            problems.push(`Line ${r.line}, column month: "${month}" is not a month written YYYY-MM.`)
          else if (seen.has(month))
            problems.push(
              `Line ${r.line}, column month: ${month} is also on line ${seen.get(month)}; give each month once.`,
            )
          else seen.set(month, r.line)
          if (!NUMBER.test(value)) problems.push(`Line ${r.line}, column value: "${value}" is not a number.`)
          if (den !== '' && (!NUMBER.test(den) || Number(den) <= 0))
            problems.push(`Line ${r.line}, column denominator: "${den}" is not a number above zero.`)
          points.push({ month, value: Number(value), denominator: den === '' ? null : Number(den) })
        }
        if (!points.length) problems.push(`${source.name} has no rows under its header.`)
        if (problems.length) throw new MeasureFileError(problems)
        await db.transaction().execute(async (tx) => {
          for (const p of points) {
            await tx.deleteFrom('measure_value').where('measure_id', '=', id).where('month', '=', p.month).execute()
            await tx
              .insertInto('measure_value')
              .values({
                measure_id: id,
                month: p.month,
                value: p.value,
                denominator: p.denominator,
                updated_at: clock().toISOString(),
              })
              .execute()
          }
          await recordAudit(tx, actor, clock(), {
            action: 'measure.upload',
            subjectType: 'measure',
            subjectId: id,
            details: { source: source.name, months: points.length },
          })
        })
        return { rows: points.length, months: points.length }
      }
      const [dI, vI, pI, kI] = [col('date'), col('victim_id'), col('perpetrator_id'), col('kind')]
      if (dI === -1 || vI === -1)
        throw new MeasureFileError([
          `${source.name}: the first line must name the columns date,victim_id (and optionally perpetrator_id, kind); found "${header.join(',')}".`,
        ])
      const occ: {
        occurred_on: string
        victim_ref: string
        perpetrator_ref: string | null
        kind: 'crime' | 'incident'
      }[] = []
      for (const r of rows) {
        const date = r.fields[dI] ?? ''
        const victim = r.fields[vI] ?? ''
        const kind = kI === -1 ? 'crime' : (r.fields[kI] ?? '').toLowerCase() || 'crime'
        if (!validDay(date)) problems.push(`Line ${r.line}, column date: "${date}" is not a date written YYYY-MM-DD.`)
        if (!victim)
          problems.push(`Line ${r.line}, column victim_id: empty; every occurrence needs the victim's pseudonymous id.`)
        if (kind !== 'crime' && kind !== 'incident')
          problems.push(`Line ${r.line}, column kind: "${kind}" is neither crime nor incident.`)
        occ.push({
          occurred_on: date,
          victim_ref: victim,
          perpetrator_ref: pI === -1 ? null : r.fields[pI] || null,
          kind: kind as 'crime' | 'incident',
        })
      }
      if (!occ.length) problems.push(`${source.name} has no rows under its header.`)
      if (problems.length) throw new MeasureFileError(problems)
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('da_occurrence').where('measure_id', '=', id).execute()
        for (const [seq, o] of occ.entries())
          await tx
            .insertInto('da_occurrence')
            .values({ measure_id: id, seq, ...o })
            .execute()
        // The ids themselves never reach the audit log.
        await recordAudit(tx, actor, clock(), {
          action: 'measure.upload',
          subjectType: 'measure',
          subjectId: id,
          details: { source: source.name, occurrences: occ.length },
        })
      })
      return { rows: occ.length }
    },

    /** The series with its SPC chart and plateau status, as trends gives them for crime. */
    async chart(id: string, options: Partial<SpcOptions> = {}) {
      const m = await get(id)
      const points = await series(m)
      const o: SpcOptions = { ...SPC_DEFAULTS, direction: m.direction, target: m.target ?? undefined, ...options }
      const y = points.map((p) => p.value)
      const chart = spc(y, o)
      return { measure: m, points, chart, plateau: plateauStatus(y, o), options: o }
    },

    /** Repeat rates for a period, counts and rates only: the ids stay in the database. */
    async daRates(id: string, from: string, to: string) {
      const m = await get(id)
      if (m.kind !== 'da_cases')
        throw new RuleError('Repeat rates need a domestic-abuse occurrences measure.', 'measure')
      const occ = await db
        .selectFrom('da_occurrence')
        .select(['occurred_on', 'victim_ref', 'perpetrator_ref'])
        .where('measure_id', '=', id)
        .execute()
      return repeatRates(
        occ.map((o) => ({ victim: o.victim_ref, perpetrator: o.perpetrator_ref, date: o.occurred_on })),
        from,
        to,
      )
    },
  }
}
