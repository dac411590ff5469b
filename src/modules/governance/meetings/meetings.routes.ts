import { ACCESS, guardRoutes } from '../../../web/route-access'
import { pdfAvailable } from '../../../web/pdf'
import { paperListing } from '../papers/papers.routes'
import { addDays, longDate } from './meeting-date'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Config } from '../../../config'
import type { Services } from '../../../container'
import { NotFoundError } from '../../../errors'
import { submitForm } from '../../../web/form-route'
import { calendar } from './meetings.calendar'
import { attendanceForm, meetingForm, meetingFormHrefs } from './meetings.schemas'
import { attendanceGroupLabels } from './meetings.service'
import { attendanceGroups, attendanceStatuses, meetingStatuses } from './meetings.table'

type IdParams = { Params: { id: string } }

const statusItems = meetingStatuses.map((s) => ({
  value: s,
  text: { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled' }[s],
}))

function meetingFormValues(m: {
  title: string
  date: string | null
  start_time: string | null
  end_time: string | null
  venue: string | null
  online_platform: string | null
  online_url: string | null
  status: string
  note: string | null
}) {
  const [y = '', mo = '', d = ''] = (m.date ?? '').split('-')
  return {
    title: m.title,
    'date-day': d ? String(Number(d)) : '',
    'date-month': mo ? String(Number(mo)) : '',
    'date-year': y,
    startTime: m.start_time ?? '',
    endTime: m.end_time ?? '',
    venue: m.venue ?? '',
    onlinePlatform: m.online_platform ?? '',
    onlineUrl: m.online_url ?? '',
    status: m.status,
    note: m.note ?? '',
  }
}

/** Anything not published is "not found" here, exactly as an absent meeting is. */
const NOT_PUBLISHED = (id: string) => new NotFoundError(`There are no published minutes with id ${id}.`)

export function meetingsRoutes(services: Services, config: Config) {
  async function publishedDocument(id: string) {
    const doc = await services.minutes.document(id).catch(() => {
      throw NOT_PUBLISHED(id)
    })
    // The minutes once published; before that, the agenda once it has gone to the members.
    if (doc.meeting.minutes_status !== 'published' && !doc.meeting.agenda_published_at) throw NOT_PUBLISHED(id)
    return doc
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    app.get('/meetings', async (_req, reply) => {
      const partnership = await services.partnership.current()
      const meetings = await services.meetings.list(partnership.id)
      const today = services.clock().toISOString().slice(0, 10)
      const passed = (m: (typeof meetings)[number]) => {
        const day = m.date ?? m.date_not_after
        return !!day && day < today
      }
      return reply.page('governance/meetings/views/list.njk', {
        pageTitle: 'Meetings',
        section: 'meetings',
        // By today's date, as the home page: a scheduled meeting whose day has gone is not upcoming.
        upcoming: meetings.filter((m) => m.status === 'scheduled' && !passed(m)),
        past: meetings
          .filter((m) => m.status !== 'scheduled' || passed(m))
          .map((m) => (m.status === 'scheduled' ? { ...m, statusLabel: 'Date passed: not marked held' } : m))
          .reverse(),
      })
    })

    app.get('/meetings/new', async (_req, reply) => {
      const partnership = await services.partnership.current()
      return reply.page('governance/meetings/views/form.njk', {
        pageTitle: 'Schedule a meeting',
        section: 'meetings',
        action: '/meetings',
        statusItems,
        values: {
          title: 'Community Safety Partnership',
          status: 'scheduled',
          onlinePlatform: partnership.default_platform ?? '',
          startTime: '',
        },
      })
    })

    app.post('/meetings', async (req, reply) => {
      const partnership = await services.partnership.current()
      return submitForm(reply, {
        schema: meetingForm,
        body: req.body,
        hrefs: meetingFormHrefs,
        template: 'governance/meetings/views/form.njk',
        model: { pageTitle: 'Schedule a meeting', section: 'meetings', action: '/meetings', statusItems },
        save: async (data) => ({
          to: `/meetings/${await services.meetings.create(partnership.id, data, req.actor)}`,
          flash: 'Meeting scheduled',
        }),
      })
    })

    app.get<IdParams>('/meetings/:id', async (req, reply) => {
      const doc = await services.minutes.document(req.params.id)
      const [neighbours, decisions, people] = await Promise.all([
        services.meetings.neighbours(req.params.id),
        services.decisions.list(doc.meeting.partnership_id),
        services.partnership.people(doc.meeting.partnership_id),
      ])
      // Issued reports that are the papers of this meeting's items (a restricted version only to those who may read it).
      const papers = (await services.reports.papersOf(doc.items.map((i) => i.id))).filter(
        (r) =>
          r.audience === 'public' ||
          !req.accountsOn ||
          req.user?.role === 'administrator' ||
          req.user?.role === 'coordinator',
      )
      const files = (await services.papers.current(doc.meeting.id)).map(paperListing)
      const items = doc.items.map((i) => ({
        ...i,
        papers: papers.filter((r) => r.agenda_item_id === i.id),
        files: files.filter((f) => f.itemId === i.id),
      }))
      // Papers due before a meeting still to come: which items (not the standing ones) have none yet.
      const partnership = await services.partnership.current()
      let papersDue = null
      if (doc.meeting.status === 'scheduled' && doc.meeting.date) {
        const dueDay = addDays(doc.meeting.date, -partnership.papers_due_days)
        papersDue = {
          date: longDate(dueDay),
          days: partnership.papers_due_days,
          late: services.clock().toISOString().slice(0, 10) > dueDay,
          missing: items
            .filter((i) => i.kind === 'standard' && !i.files.length && !i.papers.length)
            .map((i) => ({ number: i.number, title: i.title, lead: i.presenterName })),
        }
      }
      const laterMeetings = (await services.meetings.list(doc.meeting.partnership_id)).filter(
        (m) => m.sortKey > doc.meeting.sortKey && m.status !== 'cancelled',
      )
      return reply.page('governance/meetings/views/show.njk', {
        pageTitle: `${doc.meeting.title}: ${doc.meeting.dateText}`,
        section: 'meetings',
        importedFrom: await services.minutesImport.sourceOf(doc.meeting.id),
        ...doc,
        items,
        neighbours,
        decisions: decisions.filter((d) => d.meeting_id === doc.meeting.id),
        hasMinutesText: doc.items.some((i) => i.paragraphs.some((p) => p.source === 'written')),
        approverItems: laterMeetings.map((m) => ({ value: m.id, text: `${m.title}: ${m.dateText}` })),
        peopleCount: people.length,
        pdf: pdfAvailable(services.reports.chromiumPath),
        papersDue,
      })
    })

    // Published minutes are the public record: open to anyone, even when accounts are on.
    // The published minutes and the public feed: anyone may read them.
    const open = { config: { access: ACCESS.public } }
    app.get('/published', open, async (_req, reply) => {
      const partnership = await services.partnership.current()
      const meetings = (await services.meetings.list(partnership.id)).filter(
        (m) => m.minutes_status === 'published' || m.agenda_published_at,
      )
      return reply.page('governance/meetings/views/published.njk', { pageTitle: 'Published minutes', meetings })
    })

    app.get<IdParams>('/published/:id', open, async (req, reply) => {
      const doc = await publishedDocument(req.params.id)
      const files = (await services.papers.current(doc.meeting.id, undefined, true)).map(paperListing)
      return reply.page('governance/meetings/views/public.njk', {
        pageTitle: `${doc.meeting.title}: ${doc.meeting.dateText}`,
        ...doc,
        // Links to an earlier meeting's paragraphs go to its published minutes, never behind sign-in.
        items: doc.items.map((i) => ({
          ...i,
          files: files.filter((f) => f.itemId === i.id),
          paragraphs: i.paragraphs.map((p) => ({ ...p, refBase: p.refBase.replace(/^\/meetings\//, '/published/') })),
        })),
        pdf: pdfAvailable(services.reports.chromiumPath),
        publicView: true,
        editable: false,
      })
    })

    app.get<IdParams>('/published/:id/minutes.txt', open, async (req, reply) => {
      await publishedDocument(req.params.id)
      return reply.type('text/plain; charset=utf-8').send(await services.minutes.plainText(req.params.id))
    })

    app.get<IdParams>('/meetings/:id/edit', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      return reply.page('governance/meetings/views/form.njk', {
        pageTitle: 'Change meeting details',
        section: 'meetings',
        meeting: m,
        action: `/meetings/${m.id}/edit`,
        statusItems,
        values: meetingFormValues(m),
      })
    })

    app.post<IdParams>('/meetings/:id/edit', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      return submitForm(reply, {
        schema: meetingForm,
        body: req.body,
        hrefs: meetingFormHrefs,
        template: 'governance/meetings/views/form.njk',
        model: {
          pageTitle: 'Change meeting details',
          section: 'meetings',
          meeting: m,
          action: `/meetings/${m.id}/edit`,
          statusItems,
        },
        save: async (data) => {
          await services.meetings.update(m.id, data, req.actor)
          return {
            to: `/meetings/${m.id}`,
            flash:
              data.status === 'cancelled'
                ? 'Meeting cancelled: calendars that subscribe to the feed will show it as cancelled'
                : 'Meeting details saved',
          }
        },
      })
    })

    const attendancePage = async (meetingId: string) => {
      const m = await services.meetings.get(meetingId)
      const people = await services.partnership.people(m.partnership_id)
      return {
        pageTitle: 'Record attendance',
        section: 'meetings',
        meeting: m,
        personItems: people.map((p) => ({
          value: p.id,
          text: `${p.displayName}${p.memberships[0] ? ` (${p.memberships[0].affiliation})` : ''}`,
        })),
        groupItems: attendanceGroups.map((g) => ({ value: g, text: attendanceGroupLabels[g] })),
        statusItems: attendanceStatuses.map((s) => ({
          value: s,
          text: { present: 'Present', apologies: 'Sent apologies', absent: 'Absent without apologies' }[s],
        })),
      }
    }

    app.get<IdParams>('/meetings/:id/attendance', async (req, reply) => {
      return reply.page('governance/meetings/views/attendance.njk', {
        ...(await attendancePage(req.params.id)),
        values: { status: 'present', group: 'core' },
      })
    })

    app.post<IdParams>('/meetings/:id/attendance', async (req, reply) => {
      return submitForm(reply, {
        schema: attendanceForm,
        body: req.body,
        template: 'governance/meetings/views/attendance.njk',
        model: await attendancePage(req.params.id),
        save: async (data) => {
          await services.meetings.recordAttendance(req.params.id, data, req.actor)
          return { to: `/meetings/${req.params.id}#attendance`, flash: 'Attendance recorded' }
        },
      })
    })

    const calendarOptions = async () => ({
      partnershipName: (await services.partnership.current()).name,
      baseUrl: config.baseUrl,
    })

    app.get<IdParams>('/meetings/:id/meeting.ics', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      if (!m.date)
        return reply.code(404).page(
          'errors/not-found.njk',
          {
            pageTitle: 'No calendar entry',
            message: 'This meeting has no recorded date, so it has no calendar entry.',
          },
          404,
        )
      const body = calendar([m], await calendarOptions())
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="csp-meeting-${m.date}.ics"`)
        .send(body)
    })

    /** The meetings as a feed: public (no join links), or an account's through its secret address. */
    async function feed(reply: FastifyReply, audience: 'public' | 'account') {
      const partnership = await services.partnership.current()
      const meetings = await services.meetings.list(partnership.id)
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Content-Disposition', 'inline; filename="csp-meetings.ics"')
        .send(calendar(meetings, { ...(await calendarOptions()), audience }))
    }

    // Anyone may subscribe to the public feed: dates, titles and places, not the join links.
    app.get('/calendar.ics', { config: { access: ACCESS.public } }, (_req, reply) => feed(reply, 'public'))

    // An account's secret address: the token is the credential, so no session is needed; an
    // unknown or revoked token, or a disabled account, is a plain 404.
    app.get<{ Params: { token: string } }>(
      '/calendar/:token',
      { config: { access: ACCESS.public } },
      async (req, reply) => {
        const token = req.params.token.replace(/\.ics$/, '')
        if (!(await services.calendarFeeds.account(token)))
          return reply.code(404).type('text/plain; charset=utf-8').send('There is no calendar at this address.')
        return feed(reply, 'account')
      },
    )
  }
}
