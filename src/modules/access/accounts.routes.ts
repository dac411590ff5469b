// Accounts in the browser: administrators invite people by email, change roles, link an account
// to the person in the records, disable, enable and send a password reset; anyone may ask for a
// reset link and set a password through an emailed link. Every change is audited.
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Services } from '../../container'
import { NotFoundError, RuleError } from '../../errors'
import { ACCESS, guardRoutes } from '../../web/route-access'
import { asText } from '../../words'
import { roles, type Role } from './access.table'

const roleItems = [
  {
    value: 'administrator',
    text: 'Administrator',
    hint: { text: 'Everything, including accounts and the audit trail' },
  },
  {
    value: 'coordinator',
    text: 'Coordinator',
    hint: { text: 'Meetings, papers, actions, decisions, forward plan, people, registers' },
  },
  { value: 'analyst', text: 'Analyst', hint: { text: 'Crime data, boundaries, measures, board reports' } },
  { value: 'member', text: 'Member', hint: { text: 'Reads everything for partners, updates their own actions' } },
  { value: 'viewer', text: 'Viewer', hint: { text: 'Reads everything for partners' } },
]

export function accountsRoutes(services: Services) {
  async function listModel(extra: Record<string, unknown> = {}) {
    const p = await services.partnership.current()
    const [accounts, people] = await Promise.all([services.users.list(p.id), services.partnership.people(p.id)])
    const names = new Map(people.map((x) => [x.id, x.displayName]))
    return {
      pageTitle: 'Accounts',
      accounts: accounts.map((a) => ({ ...a, personName: a.person_id ? (names.get(a.person_id) ?? null) : null })),
      roleItems,
      peopleItems: people.map((x) => ({ value: x.id, text: x.displayName })),
      mailOn: services.outbox.on,
      values: {},
      ...extra,
    }
  }

  async function account(id: string) {
    const p = await services.partnership.current()
    const a = (await services.users.list(p.id)).find((x) => x.id === id)
    if (!a) throw new NotFoundError(`There is no account with id ${id}.`)
    return a
  }

  /** A form's outcome: back to the list with a message, or the page again with the reason at its field. */
  async function done(reply: FastifyReply, work: () => Promise<string>, values: Record<string, unknown>) {
    try {
      const said = await work()
      // Invitations and reset links go now, not at the next scheduled run.
      void services.outbox.deliver().catch((e: unknown) => reply.log.error(e, 'sending account mail'))
      return reply.flash(said).redirect('/admin/accounts', 303)
    } catch (e) {
      if (!(e instanceof RuleError)) throw e
      const field = e.field ?? 'email'
      const error = { text: e.message, href: `#${field}` }
      return reply.page(
        'access/views/accounts.njk',
        await listModel({ values, errors: { [field]: error }, errorList: [error] }),
        400,
      )
    }
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.administration)

    app.get('/admin/accounts', async (_req, reply) => reply.page('access/views/accounts.njk', await listModel()))

    app.post('/admin/accounts', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>
      const values = { email: asText(b.email), name: asText(b.name), role: asText(b.role), person: asText(b.person) }
      return done(
        reply,
        async () => {
          if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email))
            throw new RuleError('Enter their email address, like name@example.org', 'email')
          if (!values.role) throw new RuleError('Choose what they may do', 'role')
          const p = await services.partnership.current()
          const a = await services.accountLinks.invite(
            p.id,
            {
              email: values.email,
              name: values.name || undefined,
              role: values.role,
              person: values.person || undefined,
            },
            req.actor,
          )
          const sent = services.outbox.on
            ? 'they have been emailed a link to choose their password (it works for 7 days).'
            : 'mail is off, so the invitation waits in the outbox until CSP_SMTP_URL is set.'
          return `Invited ${a.email}: ${sent}`
        },
        values,
      )
    })

    app.post<{ Params: { id: string } }>('/admin/accounts/:id', async (req, reply) => {
      const a = await account(req.params.id)
      const b = (req.body ?? {}) as Record<string, unknown>
      const action = asText(b.action)
      return done(
        reply,
        async () => {
          if (action === 'save') {
            const role = asText(b.role)
            if (!(roles as readonly string[]).includes(role)) throw new RuleError('Choose a role', 'role')
            await services.users.update(a.id, { role: role as Role, personId: asText(b.person) || null }, req.actor)
            return `Saved ${a.email}.`
          }
          if (action === 'disable') {
            // In the browser, never the last way in (the command line can still, as the server's operator).
            const p = await services.partnership.current()
            const admins = (await services.users.list(p.id)).filter((x) => x.role === 'administrator' && !x.disabled)
            if (admins.length === 1 && admins[0]!.id === a.id)
              throw new RuleError(
                `${a.email} is the only active administrator: make someone else an administrator before disabling it.`,
                'email',
              )
            await services.users.disable(a.email, req.actor)
            return `Disabled ${a.email}: their sessions have ended and they cannot sign in.`
          }
          if (action === 'enable') {
            await services.users.enable(a.email, req.actor)
            return `Enabled ${a.email}.`
          }
          if (action === 'reset' || action === 'invite') {
            await services.accountLinks.resend(a.id, action, req.actor)
            return `Emailed ${a.email} a link to ${action === 'invite' ? 'choose' : 'set a new'} password.`
          }
          throw new RuleError('Choose what to do', 'email')
        },
        {},
      )
    })

    // Anyone: ask for a reset link, and set a password through an emailed link.
    const open = { config: { access: ACCESS.signingIn } }
    app.get('/account/forgot', open, async (_req, reply) =>
      reply.page('access/views/forgot.njk', { pageTitle: 'Forgotten your password', values: {} }),
    )
    app.post('/account/forgot', open, async (req, reply) => {
      const email = asText((req.body as Record<string, unknown> | undefined)?.email)
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
        const error = { text: 'Enter your email address, like name@example.org', href: '#email' }
        return reply.page(
          'access/views/forgot.njk',
          { pageTitle: 'Forgotten your password', values: { email }, errors: { email: error }, errorList: [error] },
          400,
        )
      }
      await services.accountLinks.requestReset(email)
      void services.outbox.deliver().catch((e: unknown) => req.log.error(e, 'sending a reset link'))
      return reply
        .flash(
          `If ${email} has an account, we have emailed it a link to set a new password. It works once, for 2 hours.`,
        )
        .redirect('/sign-in', 303)
    })

    app.get<{ Params: { token: string } }>('/account/link/:token', open, async (req, reply) => {
      const row = await services.accountLinks.open(req.params.token)
      return reply.page('access/views/link.njk', {
        pageTitle: row ? 'Choose your password' : 'This link does not work',
        row,
        token: req.params.token,
      })
    })
    app.post<{ Params: { token: string } }>('/account/link/:token', open, async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>
      const password = asText(b.password)
      const row = await services.accountLinks.open(req.params.token)
      const fail = (text: string, field: string) => {
        const error = { text, href: `#${field}` }
        return reply.page(
          'access/views/link.njk',
          {
            pageTitle: 'Choose your password',
            row,
            token: req.params.token,
            errors: { [field]: error },
            errorList: [error],
          },
          400,
        )
      }
      if (!row) return fail('This link has expired or has been used. Ask for a new one.', 'password')
      if (password !== asText(b.confirm)) return fail('The two passwords are not the same', 'confirm')
      try {
        await services.accountLinks.use(req.params.token, password)
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        return fail(e.message, 'password')
      }
      return reply.flash('Your password is set. Sign in with it now.').redirect('/sign-in', 303)
    })
  }
}
