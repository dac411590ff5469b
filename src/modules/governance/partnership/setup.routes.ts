import { ACCESS, guardRoutes } from '../../../web/route-access'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../../container'
import { RuleError } from '../../../errors'
import { parseForm, ticked, type FieldError } from '../../../web/forms'
import { cookieOptions, SESSION_COOKIE } from '../../access/access.routes'
import { hashPassword } from '../../access/passwords'
import { cspByCode, findCsps, type CspEntry } from '../../performance/reference/ons-reference'
import { areaLsoas, sharedWith, statutoryAgencies, type AgencyPlan } from './partnership-setup'

import {
  type Draft,
  COOKIE,
  DRAFT_MINUTES,
  MAX_DRAFTS,
  OTHER_STATUTORY,
  nameForm,
  adminForm,
  adminKeepingPassword,
  cspDescription,
} from './setup.schemas'

/**
 * Setting up the partnership in the browser, on a database that holds none: GOV.UK question pages,
 * one thing a page, then check your answers. The answers wait on the server under a cookie until
 * the last page creates the partnership and its first administrator together and signs them in.
 */
export function setupRoutes(services: Services, production: boolean) {
  const drafts = new Map<string, Draft>()

  function sweep() {
    const old = Date.now() - DRAFT_MINUTES * 60_000
    for (const [k, d] of drafts) if (d.touched < old) drafts.delete(k)
    while (drafts.size > MAX_DRAFTS) drafts.delete(drafts.keys().next().value!)
  }

  function draftOf(req: FastifyRequest, reply: FastifyReply): Draft {
    sweep()
    const token = req.cookies[COOKIE]
    let d = token ? drafts.get(token) : undefined
    if (!d || !token) {
      const fresh = randomBytes(24).toString('base64url')
      d = {
        onsCode: null,
        offList: false,
        authorities: [],
        name: null,
        agencies: null,
        admin: null,
        touched: Date.now(),
      }
      drafts.set(fresh, d)
      reply.setCookie(COOKIE, fresh, {
        path: '/setup',
        httpOnly: true,
        sameSite: 'strict',
        secure: production,
        maxAge: DRAFT_MINUTES * 60,
      })
    }
    d.touched = Date.now()
    return d
  }

  const csp = (d: Draft) => (d.onsCode ? cspByCode(d.onsCode) : undefined)
  const page = (reply: FastifyReply, view: string, model: Record<string, unknown>, status = 200) =>
    reply.page(
      `governance/partnership/views/setup/${view}.njk`,
      { pageTitle: 'Set up your partnership', setup: true, ...model },
      status,
    )
  const failed = (errors: Record<string, FieldError>) => ({ errors, errorList: Object.values(errors) })

  /** The agencies the person would start from: their answers, or the councils and police force the list knows. */
  function agencyValues(d: Draft) {
    const e = csp(d)
    const names = new Map(
      (e ? e.authorities.filter((a) => d.authorities.includes(a.code)) : []).map((a) => [a.code, a.name] as const),
    )
    const prefill = statutoryAgencies(
      [...names].map(([code, name]) => ({ code, name })),
      e?.forces ?? [],
    )
    const have = d.agencies ?? prefill
    const councils = have.filter((a) => a.sector === 'local_authority' && a.statutory)
    const police = have.find((a) => a.sector === 'police' && a.statutory)
    const values: Record<string, string> = { police: police?.name ?? '' }
    const councilFields = (councils.length ? councils : [{ name: '' }]).map((c, i) => {
      values[`council${i}`] = c.name
      return `council${i}`
    })
    for (const o of OTHER_STATUTORY) values[o.key] = have.find((a) => a.sector === o.sector && a.statutory)?.name ?? ''
    values.others = have
      .filter((a) => !a.statutory)
      .map((a) => a.name)
      .join('\n')
    return { values, councilFields }
  }

  function summary(d: Draft) {
    const e = csp(d)
    return {
      partnership: e ? `${e.name} (${e.code})` : 'Not on the ONS list',
      authorities: e
        ? e.authorities.filter((a) => d.authorities.includes(a.code)).map((a) => `${a.name} (${a.code})`)
        : [],
      lsoas: d.authorities.length ? areaLsoas(d.authorities).length : 0,
      name: d.name,
      agencies: d.agencies ?? [],
      admin: d.admin,
    }
  }

  /** The first page not yet answered, so a person who jumps ahead is sent back to it. */
  function missing(d: Draft): string | null {
    if (!d.onsCode && !d.offList) return '/setup/find'
    if (d.onsCode && !d.authorities.length) return '/setup/authorities'
    if (!d.name) return '/setup/name'
    if (!d.agencies) return '/setup/agencies'
    if (!d.admin) return '/setup/administrator'
    return null
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signedIn)
    // Set-up exists only while the database holds no partnership.
    app.addHook('preHandler', async (req, reply) => {
      if (!req.url.startsWith('/setup')) return
      if (await services.partnership.find()) return reply.redirect('/', 303)
    })

    app.get('/setup', async (_req, reply) => page(reply, 'start', {}))

    app.get<{ Querystring: { q?: string } }>('/setup/find', async (req, reply) => {
      const d = draftOf(req, reply)
      return page(reply, 'find', { values: { q: req.query.q ?? csp(d)?.name ?? '' } })
    })

    app.get<{ Querystring: { q?: string } }>('/setup/choose', async (req, reply) => {
      const d = draftOf(req, reply)
      const q = (req.query.q ?? '').trim()
      if (!q) {
        const error = { text: "Enter part of your partnership's name, or of its council or police force", href: '#q' }
        return page(reply, 'find', { values: { q }, ...failed({ q: error }) }, 400)
      }
      const hits = findCsps(q).slice(0, 20)
      return page(reply, 'choose', {
        q,
        hits: hits.map((e) => ({ value: e.code, text: e.name, hint: { text: cspDescription(e) } })),
        values: { choice: d.offList ? 'none' : (d.onsCode ?? '') },
      })
    })

    app.post<{ Querystring: { q?: string } }>('/setup/choose', async (req, reply) => {
      const d = draftOf(req, reply)
      const body = (req.body ?? {}) as Record<string, string>
      const q = typeof body.q === 'string' ? body.q : ''
      const choice = typeof body.choice === 'string' ? body.choice : ''
      const hits = findCsps(q).slice(0, 20)
      if (choice === 'none') {
        Object.assign(d, { onsCode: null, offList: true, authorities: [], agencies: null })
        return reply.redirect('/setup/name', 303)
      }
      const e = cspByCode(choice)
      if (!e) {
        const error = {
          text: 'Select your partnership, or that it is not on the list',
          href: hits.length ? `#choice` : '#choice-none',
        }
        return page(
          reply,
          'choose',
          {
            q,
            hits: hits.map((h) => ({ value: h.code, text: h.name, hint: { text: cspDescription(h) } })),
            values: {},
            ...failed({ choice: error }),
          },
          400,
        )
      }
      // A different partnership: its own councils, agencies and name start again from the list.
      if (d.onsCode !== e.code)
        Object.assign(d, {
          onsCode: e.code,
          offList: false,
          authorities: e.authorities.map((a) => a.code),
          agencies: null,
          name: `${e.name} Community Safety Partnership`,
        })
      const ask = e.authorities.length > 1 || e.authorities.some((a) => sharedWith(e, a.code).length)
      return reply.redirect(ask ? '/setup/authorities' : '/setup/name', 303)
    })

    const authorityItems = (e: CspEntry, chosen: string[]) =>
      e.authorities.map((a) => {
        const others = sharedWith(e, a.code)
        return {
          value: a.code,
          text: `${a.name} (${a.code})`,
          checked: chosen.includes(a.code),
          hint: others.length
            ? { text: `The ONS list also puts it under ${others.map((o) => o.name).join(' and ')}` }
            : undefined,
        }
      })

    app.get('/setup/authorities', async (req, reply) => {
      const d = draftOf(req, reply)
      const e = csp(d)
      if (!e) return reply.redirect('/setup/find', 303)
      return page(reply, 'authorities', { csp: e, items: authorityItems(e, d.authorities) })
    })

    app.post('/setup/authorities', async (req, reply) => {
      const d = draftOf(req, reply)
      const e = csp(d)
      if (!e) return reply.redirect('/setup/find', 303)
      const chosen = ticked
        .parse((req.body as Record<string, unknown>)?.authorities ?? [])
        .filter((c) => e.authorities.some((a) => a.code === c))
      if (!chosen.length) {
        const error = { text: 'Select the local authorities the partnership covers', href: '#authorities' }
        return page(
          reply,
          'authorities',
          { csp: e, items: authorityItems(e, []), ...failed({ authorities: error }) },
          400,
        )
      }
      if (chosen.join() !== d.authorities.join()) d.agencies = null
      d.authorities = chosen
      return reply.redirect('/setup/name', 303)
    })

    app.get('/setup/name', async (req, reply) => {
      const d = draftOf(req, reply)
      if (!d.onsCode && !d.offList) return reply.redirect('/setup/find', 303)
      return page(reply, 'name', { values: { name: d.name ?? '' }, offList: d.offList })
    })

    app.post('/setup/name', async (req, reply) => {
      const d = draftOf(req, reply)
      const form = parseForm(nameForm, req.body)
      if (!form.ok) return page(reply, 'name', { values: req.body, offList: d.offList, ...form }, 400)
      d.name = form.data.name
      return reply.redirect('/setup/agencies', 303)
    })

    app.get('/setup/agencies', async (req, reply) => {
      const d = draftOf(req, reply)
      if (!d.name) return reply.redirect('/setup/name', 303)
      const { values, councilFields } = agencyValues(d)
      return page(reply, 'agencies', { values, councilFields, others: OTHER_STATUTORY })
    })

    app.post('/setup/agencies', async (req, reply) => {
      const d = draftOf(req, reply)
      const body = (req.body ?? {}) as Record<string, unknown>
      const text = (k: string) => (typeof body[k] === 'string' ? body[k].trim().slice(0, 200) : '')
      const councilFields = Object.keys(body)
        .filter((k) => /^council\d{1,2}$/.test(k))
        .sort()
      const agencies: AgencyPlan[] = []
      for (const k of councilFields)
        if (text(k)) agencies.push({ name: text(k), sector: 'local_authority', statutory: true })
      if (text('police')) agencies.push({ name: text('police'), sector: 'police', statutory: true })
      for (const o of OTHER_STATUTORY)
        if (text(o.key)) agencies.push({ name: text(o.key), sector: o.sector, statutory: true })
      const others = (typeof body.others === 'string' ? body.others : '')
        .split(/\r?\n/)
        .map((s) => s.trim().slice(0, 200))
        .filter(Boolean)
        .slice(0, 50)
      for (const name of others) agencies.push({ name, sector: 'other', statutory: false })
      const errors: Record<string, FieldError> = {}
      if (!agencies.some((a) => a.sector === 'local_authority'))
        errors[councilFields[0] ?? 'council0'] = {
          text: "Enter the council's name",
          href: `#${councilFields[0] ?? 'council0'}`,
        }
      if (!text('police')) errors.police = { text: "Enter the police force's name", href: '#police' }
      const seen = new Set<string>()
      for (const a of agencies) {
        if (seen.has(a.name.toLowerCase()))
          errors.others ??= { text: `${a.name} is entered twice: enter each agency once`, href: '#others' }
        seen.add(a.name.toLowerCase())
      }
      if (Object.keys(errors).length)
        return page(
          reply,
          'agencies',
          {
            values: body,
            councilFields: councilFields.length ? councilFields : ['council0'],
            others: OTHER_STATUTORY,
            ...failed(errors),
          },
          400,
        )
      d.agencies = agencies
      return reply.redirect('/setup/administrator', 303)
    })

    app.get('/setup/administrator', async (req, reply) => {
      const d = draftOf(req, reply)
      if (!d.agencies) return reply.redirect('/setup/agencies', 303)
      return page(reply, 'administrator', {
        values: { adminName: d.admin?.name ?? '', email: d.admin?.email ?? '' },
        passwordKept: !!d.admin,
      })
    })

    app.post('/setup/administrator', async (req, reply) => {
      const d = draftOf(req, reply)
      const body = (req.body ?? {}) as Record<string, unknown>
      // Coming back to change the name or email: an empty password keeps the one already chosen.
      const keep = !!d.admin && body.password === ''
      const form = parseForm(keep ? adminKeepingPassword : adminForm, body)
      if (!form.ok)
        return page(
          reply,
          'administrator',
          { values: { adminName: body.adminName, email: body.email }, passwordKept: !!d.admin, ...form },
          400,
        )
      d.admin = {
        name: form.data.adminName,
        email: form.data.email.toLowerCase(),
        passwordHash: keep ? d.admin!.passwordHash : await hashPassword(form.data.password),
      }
      return reply.redirect('/setup/check', 303)
    })

    app.get('/setup/check', async (req, reply) => {
      const d = draftOf(req, reply)
      const next = missing(d)
      if (next) return reply.redirect(next, 303)
      return page(reply, 'check', { answers: summary(d) })
    })

    app.post('/setup/check', async (req, reply) => {
      const d = draftOf(req, reply)
      const next = missing(d)
      if (next) return reply.redirect(next, 303)
      try {
        const r = await services.partnership.create(
          { name: d.name!, onsCode: d.onsCode ?? undefined, authorities: d.authorities, agencies: d.agencies! },
          { name: `setup:${d.admin!.email}` },
          { email: d.admin!.email, name: d.admin!.name, passwordHash: d.admin!.passwordHash },
        )
        drafts.delete(req.cookies[COOKIE] ?? '')
        reply.clearCookie(COOKIE, { path: '/setup' })
        const token = await services.users.openSession(r.adminId!, { name: d.admin!.email })
        return reply
          .setCookie(SESSION_COOKIE, token, cookieOptions(production))
          .flash(
            `${r.plan.name} is set up, and you are signed in as its administrator. Next: import police.uk crime data.`,
          )
          .redirect('/', 303)
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        const error = { text: e.message, href: '#create' }
        return page(reply, 'check', { answers: summary(d), ...failed({ create: error }) }, 400)
      }
    })
  }
}
