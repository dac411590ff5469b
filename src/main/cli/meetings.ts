import { writeFileSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import { actionUpdateForm } from '../../modules/governance/actions/actions.schemas'
import { actionStatuses } from '../../modules/governance/actions/actions.table'
import { calendar } from '../../modules/governance/meetings/meetings.calendar'
import { minutesDocx } from '../../modules/governance/minutes/minutes.docx'
import type { Command } from 'commander'
import { actor, withContainer, table, meetingId, actionId } from './shared'

/** The commands for meetings, actions and people. */
export function registerMeetings(program: Command): void {
  const meetings = program.command('meetings').description('meetings, agendas and minutes')
  meetings
    .command('list')
    .description('list meetings')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withContainer(async (c) => {
        const p = await c.services.partnership.current()
        const rows = (await c.services.meetings.list(p.id)).map((m) => ({
          id: m.id,
          date: m.dateText,
          time: m.start_time ?? '',
          status: m.status,
          minutes: m.minutes_status,
        }))
        if (o.json) console.log(JSON.stringify(rows, null, 2))
        else table(rows)
      }),
    )
  meetings
    .command('show <meeting>')
    .description("print a meeting in the reference minutes' layout (id or YYYY-MM-DD)")
    .action((ref: string) =>
      withContainer(async (c) => console.log(await c.services.minutes.plainText(await meetingId(c, ref)))),
    )
  meetings
    .command('agenda <meeting>')
    .description('generate or refresh the draft agenda from open actions and the forward plan')
    .action((ref: string) =>
      withContainer(async (c) => {
        const id = await meetingId(c, ref)
        const r = await c.services.minutes.generateAgenda(id, actor)
        console.log(
          `Draft agenda ready: ${r.mattersArising} matters arising, ${r.forwardPlanItems} forward plan items.\n`,
        )
        console.log(await c.services.minutes.plainText(id))
      }),
    )
  meetings
    .command('docx <meeting>')
    .description('write the minutes or agenda as a Word document')
    .requiredOption('-o, --out <file>', 'file to write')
    .action((ref: string, o: { out: string }) =>
      withContainer(async (c) => {
        const doc = await c.services.minutes.document(await meetingId(c, ref))
        writeFileSync(o.out, await minutesDocx(doc, (await c.services.partnership.current()).name))
        console.log(`Wrote ${o.out}`)
      }),
    )
  meetings
    .command('ics')
    .description('print the iCalendar feed of all meeting dates')
    .option('--meeting <meeting>', 'only this meeting')
    .action((o: { meeting?: string }) =>
      withContainer(async (c) => {
        const p = await c.services.partnership.current()
        let list = await c.services.meetings.list(p.id)
        if (o.meeting) {
          const id = await meetingId(c, o.meeting)
          list = list.filter((m) => m.id === id)
        }
        process.stdout.write(calendar(list, { partnershipName: p.name, baseUrl: c.config.baseUrl }))
      }),
    )

  const actions = program.command('actions').description('the action log')
  actions
    .command('list')
    .description('list actions')
    .option('--status <status>', `open (default), all, or one of ${actionStatuses.join(', ')}`, 'open')
    .option('--json', 'print JSON')
    .action((o: { status: string; json?: boolean }) =>
      withContainer(async (c) => {
        if (!['open', 'all', ...actionStatuses].includes(o.status))
          throw new InvalidArgumentError(`--status must be open, all or one of ${actionStatuses.join(', ')}`)
        const p = await c.services.partnership.current()
        const rows = (await c.services.actions.list(p.id, { status: o.status })).map((a) => ({
          no: a.ref,
          paragraph: a.paragraphNumber,
          title: a.title,
          owners: a.ownersText,
          status: a.status,
          due: a.targetText ?? '',
        }))
        if (o.json) console.log(JSON.stringify(rows, null, 2))
        else table(rows)
      }),
    )
  actions
    .command('update <action>')
    .description('record a dated update on an action (its number or id)')
    .requiredOption('--status <status>', actionStatuses.join(' | '))
    .requiredOption('--note <text>', 'what has happened')
    .option('--date <YYYY-MM-DD>', 'date of the update (default today)')
    .action((ref: string, o: { status: string; note: string; date?: string }) =>
      withContainer(async (c) => {
        const date = o.date ?? c.clock().toISOString().slice(0, 10)
        const [y, m, d] = date.split('-')
        const parsed = actionUpdateForm.safeParse({
          status: o.status,
          note: o.note,
          'updateDate-day': d,
          'updateDate-month': m,
          'updateDate-year': y,
        })
        if (!parsed.success)
          throw new Error(
            parsed.error.issues
              .map((i) => `--${String(i.path[0]).replace('updateDate', 'date')}: ${i.message}`)
              .join('; '),
          )
        const id = await actionId(c, ref)
        await c.services.actions.addUpdate(id, parsed.data, actor)
        console.log(`Action ${ref} is now ${parsed.data.status}.`)
      }),
    )

  const people = program.command('people').description('people and their aliases')
  people
    .command('list')
    .description('list people')
    .action(() =>
      withContainer(async (c) => {
        const p = await c.services.partnership.current()
        table(
          (await c.services.partnership.people(p.id)).map((x) => ({
            name: x.displayName,
            agency: x.memberships[0]?.affiliation ?? '',
            role: x.memberships[0]?.roleLabel ?? '',
            aliases: x.aliases.join(', '),
          })),
        )
      }),
    )
  people
    .command('resolve <name>')
    .description('show which person a name as written in minutes means ("Di Evans")')
    .action((name: string) =>
      withContainer(async (c) => {
        const p = await c.services.partnership.current()
        const hit = await c.services.partnership.resolveName(p.id, name)
        if (!hit) {
          console.error(`No person in the partnership is called "${name}".`)
          process.exitCode = 1
          return
        }
        console.log(`${name} → ${hit.full_name} (${hit.id})`)
      }),
    )
}
