import { randomUUID } from 'node:crypto'
import type { Db } from '../../../db/database'
import { RuleError } from '../../../errors'
import { hashPassword, passwordProblem } from '../../access/passwords'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { dataChanged } from '../../performance/data-version'
import {
  cspByCode,
  cspList,
  lsoaPlaces,
  type CspEntry,
  type NamedCode,
} from '../../performance/reference/ons-reference'
import * as repo from './partnership.repository'
import type { AgencySector } from './partnership.table'

export interface AgencyPlan {
  name: string
  sector: AgencySector
  statutory: boolean
}

export interface PartnershipPlan {
  name: string
  areaName: string
  onsCode: string | null
  /** The local authorities whose LSOAs are the area; empty when the partnership is not on the ONS list. */
  authorities: NamedCode[]
  agencies: AgencyPlan[]
  /** What the person should know: an authority listed under more than one partnership, and the like. */
  notes: string[]
}

export interface PartnershipRequest {
  name?: string | undefined
  onsCode?: string | undefined
  areaName?: string | undefined
  /** LTLA codes the person confirmed; all the ONS list gives when absent. */
  authorities?: readonly string[] | undefined
  /** Agencies as the person gave them; the council(s) and police force the list knows when absent. */
  agencies?: readonly AgencyPlan[] | undefined
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Every local authority the ONS list knows, by code. */
export function authorityNames(): Map<string, string> {
  const m = new Map<string, string>()
  for (const e of cspList()) for (const a of e.authorities) m.set(a.code, a.name)
  return m
}

/** Other partnerships the ONS list puts an authority under (the list's oddity: BCP is under three). */
export function sharedWith(csp: CspEntry, authority: string): CspEntry[] {
  return cspList().filter((e) => e.code !== csp.code && e.authorities.some((a) => a.code === authority))
}

/** The councils and police force the ONS list knows for a set of authorities, as statutory agencies. */
export function statutoryAgencies(authorities: readonly NamedCode[], forces: readonly NamedCode[]): AgencyPlan[] {
  const councils = authorities.map((a) => ({
    name: /council$/i.test(a.name) ? a.name : `${a.name} Council`,
    sector: 'local_authority' as const,
    statutory: true,
  }))
  const police = forces.map((f) => ({
    name: /police/i.test(f.name) ? f.name : `${f.name} Police`,
    sector: 'police' as const,
    statutory: true,
  }))
  return [...councils, ...police]
}

/**
 * What a partnership would be made of, from the ONS list and what the person gave: checked, nothing
 * written. With an ONS code alone it takes the list's name and authorities; with a name alone it
 * has no area (every located crime counts) until boundaries are imported.
 */
export function planPartnership(req: PartnershipRequest): PartnershipPlan {
  const name = req.name?.trim() || undefined
  const code = req.onsCode?.trim() || undefined
  if (!name && !code)
    throw new RuleError(
      "Give the partnership's name (--name) or its ONS code (--ons-code); find the code with `csp partnership find <part of the name>`.",
      'name',
    )
  const notes: string[] = []
  let csp: CspEntry | undefined
  if (code) {
    csp = cspByCode(code)
    if (!csp)
      throw new RuleError(
        `${code} is not a Community Safety Partnership code on the ONS list (April 2024). Find the code with \`csp partnership find <part of the name>\`.`,
        'onsCode',
      )
  }
  const known = authorityNames()
  let authorities: NamedCode[] = []
  if (req.authorities?.length) {
    for (const a of req.authorities) {
      const c = a.trim().toUpperCase()
      const n = known.get(c)
      if (!n) throw new RuleError(`${a} is not a local authority code (LTLA 2024) on the ONS list.`, 'authorities')
      if (!authorities.some((x) => x.code === c)) authorities.push({ code: c, name: n })
    }
    if (csp) {
      const outside = authorities.filter((a) => !csp.authorities.some((x) => x.code === a.code))
      if (outside.length)
        notes.push(
          `${outside.map((a) => a.name).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not listed under ${csp.name} by the ONS; included as you asked.`,
        )
    }
  } else if (csp) {
    authorities = [...csp.authorities]
    for (const a of authorities) {
      const others = sharedWith(csp, a.code)
      if (others.length)
        notes.push(
          `The ONS list also puts ${a.name} (${a.code}) under ${others.map((o) => `${o.name} (${o.code})`).join(' and ')}. If it is not yours, choose your authorities (--authorities ${
            csp.authorities
              .filter((x) => x.code !== a.code)
              .map((x) => x.code)
              .join(',') || '<codes>'
          }).`,
        )
    }
  }
  const forces = csp?.forces ?? []
  const agencies = req.agencies?.length ? [...req.agencies] : statutoryAgencies(authorities, forces)
  const seen = new Set<string>()
  for (const a of agencies) {
    if (!a.name.trim()) throw new RuleError('Every agency needs a name.', 'agencies')
    if (seen.has(a.name.trim().toLowerCase())) throw new RuleError(`${a.name} is given twice.`, 'agencies')
    seen.add(a.name.trim().toLowerCase())
  }
  const finalName = name ?? `${csp!.name} Community Safety Partnership`
  const areaName =
    req.areaName?.trim() || (authorities.length ? authorities.map((a) => a.name).join(', ') : (csp?.name ?? finalName))
  return { name: finalName, areaName, onsCode: csp?.code ?? null, authorities, agencies, notes }
}

export interface FirstAdministrator {
  email: string
  name?: string | undefined
  /** The password, or its hash when it was checked and hashed on an earlier page. */
  password?: string | undefined
  passwordHash?: string | undefined
}

/**
 * Creates the one partnership this database holds, with its authorities, agencies and (from the
 * browser) its first administrator, in one transaction: accounts are on before any record exists.
 */
export async function createPartnership(
  db: Db,
  clock: () => Date,
  plan: PartnershipPlan,
  actor: Actor,
  admin?: FirstAdministrator,
): Promise<{ id: string; adminId: string | null }> {
  let hash: string | undefined
  let email: string | undefined
  if (admin) {
    email = admin.email.trim().toLowerCase()
    if (!EMAIL.test(email))
      throw new RuleError('Enter an email address in the correct format, like name@example.org', 'email')
    if (admin.passwordHash) hash = admin.passwordHash
    else {
      const problem = passwordProblem(admin.password ?? '')
      if (problem) throw new RuleError(problem, 'password')
      hash = await hashPassword(admin.password!)
    }
  }
  const id = randomUUID()
  let adminId: string | null = null
  await db.transaction().execute(async (tx) => {
    if (await repo.findPartnership(tx))
      throw new RuleError(
        'This database already holds a partnership; csp-hub holds one partnership per database. Use a new database (CSP_DATABASE_URL) for another.',
        'name',
      )
    const now = clock().toISOString()
    await tx
      .insertInto('partnership')
      .values({
        id,
        name: plan.name,
        area_name: plan.areaName,
        quorum_min_statutory_agencies: Math.min(3, Math.max(1, plan.agencies.filter((a) => a.statutory).length)),
        default_platform: null,
        locality_share_threshold: 0.5,
        created_at: now,
        ons_code: plan.onsCode,
      })
      .execute()
    for (const a of plan.authorities)
      await tx.insertInto('partnership_authority').values({ partnership_id: id, code: a.code, name: a.name }).execute()
    for (const a of plan.agencies) {
      await tx
        .insertInto('agency')
        .values({
          id: randomUUID(),
          partnership_id: id,
          name: a.name.trim(),
          short_name: null,
          statutory: a.statutory ? 1 : 0,
          sector: a.sector,
          created_at: now,
        })
        .execute()
    }
    if (admin && hash && email) {
      const userId = randomUUID()
      adminId = userId
      await tx
        .insertInto('app_user')
        .values({
          id: userId,
          partnership_id: id,
          email,
          name: admin.name?.trim() || email,
          agency_id: null,
          person_id: null,
          role: 'administrator',
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
        subjectId: userId,
        details: { email, role: 'administrator' },
      })
    }
    await recordAudit(tx, actor, clock(), {
      action: 'partnership.create',
      subjectType: 'partnership',
      subjectId: id,
      details: {
        onsCode: plan.onsCode,
        authorities: plan.authorities.map((a) => a.code),
        agencies: plan.agencies.length,
      },
    })
  })
  dataChanged()
  return { id, adminId }
}

/** The LSOAs (2021) of a partnership's authorities: its area when it was set up from the ONS list. */
export function areaLsoas(authorities: readonly string[]): string[] {
  const want = new Set(authorities)
  const out: string[] = []
  for (const [code, p] of lsoaPlaces()) if (want.has(p.authority)) out.push(code)
  return out.sort()
}
