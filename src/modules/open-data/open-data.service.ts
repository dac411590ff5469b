import type { Services } from '../../container'

/** The records as the API and the open-data files give them: fixed names, plain values. */
export const MEETING_FIELDS = [
  'id',
  'title',
  'date',
  'date_not_before',
  'date_not_after',
  'start_time',
  'end_time',
  'venue',
  'online_platform',
  'status',
  'minutes_status',
  'minutes_published_on',
] as const
export const ACTION_FIELDS = [
  'id',
  'ref',
  'title',
  'description',
  'status',
  'owners',
  'due_date',
  'target_meeting_id',
  'meeting_id',
  'paragraph',
  'raised',
  'overdue',
] as const
export const DECISION_FIELDS = ['id', 'ref', 'topic', 'wording', 'meeting_id', 'meeting_date', 'paragraph'] as const

type Row<F extends readonly string[]> = Record<F[number], string | number | null>

export function openDataService(services: Pick<Services, 'partnership' | 'meetings' | 'actions' | 'decisions'>) {
  return {
    async meetings(): Promise<Row<typeof MEETING_FIELDS>[]> {
      const p = await services.partnership.current()
      return (await services.meetings.list(p.id)).map((m) => ({
        id: m.id,
        title: m.title,
        date: m.date,
        date_not_before: m.date_not_before,
        date_not_after: m.date_not_after,
        start_time: m.start_time,
        end_time: m.end_time,
        venue: m.venue,
        online_platform: m.online_platform,
        status: m.status,
        minutes_status: m.minutes_status,
        minutes_published_on: m.minutes_published_on,
      }))
    },
    async actions(): Promise<Row<typeof ACTION_FIELDS>[]> {
      const p = await services.partnership.current()
      return (await services.actions.list(p.id, { status: 'all' })).map((a) => ({
        id: a.id,
        ref: a.ref,
        title: a.title,
        description: a.description,
        status: a.status,
        owners: a.ownersText,
        due_date: a.due_date,
        target_meeting_id: a.target_meeting_id,
        meeting_id: a.meeting_id,
        paragraph: a.paragraphNumber,
        raised: a.raisedDateText,
        overdue: a.overdue ? 'yes' : 'no',
      }))
    },
    async decisions(): Promise<Row<typeof DECISION_FIELDS>[]> {
      const p = await services.partnership.current()
      return (await services.decisions.list(p.id)).map((d) => ({
        id: d.id,
        ref: d.ref,
        topic: d.topic,
        wording: d.wording,
        meeting_id: d.meeting_id,
        meeting_date: d.dateText,
        paragraph: d.paragraphNumber,
      }))
    },
  }
}
