// The minutes as one document, the model the page, the text, Word and PDF render.
import type { Db } from '../../../db/database'
import { overdue } from '../actions/actions.service'
import { addDays, clockTime, ordinalDate } from '../meetings/meeting-date'
import { paragraphTextLines, parseMinutesMarkup } from './minutes-markup'
import * as repo from './minutes.repository'
import { auditRestrictedViews, currentViewer, groupsOn, namedOn, stricter } from '../../access/restriction'
import { editable, type DocumentBlock, type MinutesDeps } from './minutes.service'

/** The minutes of a meeting as one document (items, paragraphs, actions, attendance): what every format renders. */
export function minutesDocument(db: Db, clock: () => Date, deps: MinutesDeps) {
  async function document(meetingId: string) {
    const meeting = await deps.meetings.get(meetingId)
    const viewer = currentViewer()
    const [items, paragraphs, actions, attendance, all, people] = await Promise.all([
      repo.listItems(db, meetingId, viewer),
      repo.listParagraphs(db, meetingId, viewer),
      repo.actionsForMeetingParagraphs(db, meetingId, viewer),
      deps.meetings.attendance(meetingId),
      deps.meetings.list(meeting.partnership_id),
      deps.partnership.people(meeting.partnership_id),
    ])
    const generatedActionIds = paragraphs.map((p) => p.action_id).filter((x): x is string => !!x)
    const generatedActions = generatedActionIds.length
      ? await db
          .selectFrom('action')
          .leftJoin('meeting as target', 'target.id', 'action.target_meeting_id')
          .select([
            'action.id',
            'action.ref',
            'action.title',
            'action.status',
            'action.paragraph_id',
            'action.marker_index',
            'action.meeting_id',
            'action.due_date',
            'target.date as target_date',
            'target.status as target_status',
          ])
          .where('action.id', 'in', generatedActionIds)
          .execute()
      : []
    const today = clock().toISOString().slice(0, 10)
    // Matters arising say when the action they carry is overdue.
    const lateById = new Map(generatedActions.map((a) => [a.id, overdue(a, today)] as const))
    // The dates these minutes would give: scheduled meetings after this one, within a year of it (an
    // old meeting's minutes, imported, do not announce a meeting years later).
    const horizon = meeting.date ? addDays(meeting.date, 366) : null
    const future = all.filter(
      (m) => m.status === 'scheduled' && m.date && m.sortKey > meeting.sortKey && (!horizon || m.date <= horizon),
    )
    const platforms = new Set(future.map((m) => (m.venue ? `venue:${m.venue}` : `online:${m.online_platform ?? ''}`)))
    const onlyPlatform = platforms.size === 1 && future[0] && !future[0].venue ? future[0].online_platform : null
    const approvedAt = meeting.minutes_approved_at_meeting_id
      ? all.find((m) => m.id === meeting.minutes_approved_at_meeting_id)
      : undefined
    const restrictedIds = [
      ...items.filter((i) => i.visibility === 'restricted').map((i) => i.id),
      ...paragraphs.filter((p) => p.visibility === 'restricted').map((p) => p.id),
    ]
    const [named, groups] = await Promise.all([namedOn(db, restrictedIds), groupsOn(db, restrictedIds)])
    // The register entries each paragraph discusses, those the reader may see.
    const entries = await deps.registers.entriesForParagraphs(paragraphs.map((p) => p.id))
    await auditRestrictedViews(db, clock(), [
      ...items.map((i) => ({ type: 'agenda_item', id: i.id, visibility: i.visibility })),
      ...paragraphs.map((p) => ({ type: 'minute_paragraph', id: p.id, visibility: p.visibility })),
    ])
    return {
      meeting,
      attendance,
      approvedAt,
      editable: editable.includes(meeting.minutes_status),
      items: items.map((item, i) => ({
        ...item,
        purposeText: item.purpose ? `For ${item.purpose}` : null,
        timing: itemTiming(meeting.start_time, items, i),
        named: named.get(item.id) ?? [],
        groups: groups.get(item.id) ?? [],
        presenterName: item.presenter_person_id
          ? (people.find((p) => p.id === item.presenter_person_id)?.displayName ?? null)
          : null,
        paragraphs: paragraphs
          .filter((p) => p.agenda_item_id === item.id)
          .map((p) => {
            const number = `${item.number}.${p.seq}`
            const blocks: DocumentBlock[] = parseMinutesMarkup(p.body).blocks.map((b) => {
              if (b.kind !== 'action') return b
              const action = p.action_id
                ? generatedActions.find((a) => a.id === p.action_id)
                : actions.find((a) => a.paragraph_id === p.id && a.marker_index === b.index)
              return action
                ? {
                    ...b,
                    action: {
                      id: action.id,
                      ref: action.ref,
                      title: action.title,
                      status: action.status,
                      overdueText: lateById.get(action.id) ?? null,
                    },
                  }
                : b
            })
            // A matter arising carries text from the meeting that raised it: its "see 2.1" means that meeting's 2.1.
            const source = p.action_id ? generatedActions.find((a) => a.id === p.action_id) : undefined
            const refBase = source && source.meeting_id !== meetingId ? `/meetings/${source.meeting_id}` : ''
            return {
              ...p,
              refBase,
              named: named.get(p.id) ?? [],
              groups: groups.get(p.id) ?? [],
              registerEntries: entries.filter((e) => e.paragraph_id === p.id),
              effectiveVisibility: stricter(p.visibility, item.visibility),
              number,
              anchor: `p-${item.number}-${p.seq}`,
              blocks,
              textLines: paragraphTextLines({ number, heading: p.heading, cites: p.cites, body: p.body }),
            }
          }),
      })),
      futureMeetings: future.map((m) => ({
        id: m.id,
        date: m.date!,
        text: `${ordinalDate(m.date!)}${m.start_time ? ` at ${clockTime(m.start_time)}` : ''}`,
      })),
      platformLine: onlyPlatform ? `All meetings will take place via ${onlyPlatform}` : null,
    }
  }

  return document
}

/**
 * When an item runs, from the meeting's start and the minutes given to it and to every item before
 * it ("14:10 to 14:25"); null while any of those has no minutes, or the meeting no start time.
 */
export function itemTiming(
  start: string | null,
  items: readonly { minutes_allotted: number | null }[],
  index: number,
): string | null {
  if (!start || !/^\d{2}:\d{2}$/.test(start)) return null
  let at = Number(start.slice(0, 2)) * 60 + Number(start.slice(3))
  for (let i = 0; i < index; i++) {
    const m = items[i]!.minutes_allotted
    if (!m) return null
    at += m
  }
  const own = items[index]!.minutes_allotted
  if (!own) return null
  const clock = (t: number) => `${String(Math.floor(t / 60) % 24).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`
  return `${clock(at)} to ${clock(at + own)}`
}

/** An item's lead, purpose and time in one line ("Lead: Ian Denness · For decision · 14:10 to 14:25"), or null. */
export function itemDetailsText(item: {
  presenterName: string | null
  purposeText: string | null
  timing: string | null
  minutes_allotted: number | null
}): string | null {
  const parts = [
    item.presenterName ? `Lead: ${item.presenterName}` : null,
    item.purposeText,
    item.timing ?? (item.minutes_allotted ? `${item.minutes_allotted} minutes` : null),
  ].filter(Boolean)
  return parts.length ? parts.join(' · ') : null
}

/**
 * An agenda's standing opening item, before No 1 (the reference minutes record attendance and
 * apologies before their first numbered item): welcome, introductions and the apologies received
 * so far.
 */
export function agendaOpening(doc: {
  attendance: { apologies: readonly { displayName: string; affiliation: string }[] }
}): { title: string; text: string } {
  const a = doc.attendance.apologies
  return {
    title: 'Welcome, introductions and apologies',
    text: a.length
      ? `Apologies received: ${a.map((p) => `${p.displayName} (${p.affiliation})`).join('; ')}.`
      : 'Apologies received: none yet.',
  }
}
