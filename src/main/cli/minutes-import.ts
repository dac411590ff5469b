// `csp minutes import`: a partnership's old minutes (Word, PDF, text, a folder or zip of them).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { importJson, parseMinutes } from '../../modules/governance/minutes-import/parse-minutes'
import { filesInZip, formatOf, readSource, type SourceFile } from '../../modules/governance/minutes-import/read-source'
import { counted } from '../../words'
import { actor, table, withContainer } from './shared'

/** The files named, folders read through (hidden files skipped), in the order given. */
function filesFrom(paths: readonly string[]): SourceFile[] {
  const out: SourceFile[] = []
  const visit = (p: string) => {
    let st
    try {
      st = statSync(p)
    } catch {
      throw new InvalidArgumentError(`${p}: no such file or folder`)
    }
    if (st.isDirectory()) {
      for (const n of readdirSync(p).sort()) if (!n.startsWith('.')) visit(join(p, n))
    } else out.push({ name: p, bytes: readFileSync(p) })
  }
  for (const p of paths) visit(p)
  return out
}

export function registerMinutesImport(program: Command): void {
  const minutes = program.command('minutes').description("importing the partnership's old minutes")
  minutes
    .command('import <file...>')
    .description(
      'read minutes from Word (.docx), PDF or text files, folders or zips of them; ' +
        'without --dry-run, save each as a held meeting with approved minutes',
    )
    .option('--dry-run', 'only say what was found, one JSON object per file (--format json); save nothing')
    .option('--format <format>', 'json or table', 'table')
    .option('--new-people', 'create the people and agencies the minutes name that the partnership does not hold')
    .option('--as-separate', 'save even where a meeting is already held on that day')
    .action(
      async (paths: string[], o: { dryRun?: boolean; format: string; newPeople?: boolean; asSeparate?: boolean }) => {
        if (o.format !== 'json' && o.format !== 'table')
          throw new InvalidArgumentError('--format must be json or table')
        const files = filesFrom(paths)
        if (o.dryRun) {
          const rows: Record<string, unknown>[] = []
          for (const f of files) {
            const inner = (await formatOf(f).catch(() => 'text')) === 'zip' ? await filesInZip(f) : [f]
            for (const g of inner) {
              let json
              try {
                json = importJson(g.name, parseMinutes((await readSource(g)).doc))
              } catch (e) {
                json = { file: g.name, error: (e as Error).message }
              }
              if (o.format === 'json') console.log(JSON.stringify(json))
              else rows.push(summary(json))
            }
          }
          if (o.format === 'table') table(rows)
          return
        }
        await withContainer(async (c) => {
          const p = await c.services.partnership.current()
          const read = await c.services.minutesImport.read(p.id, files, actor)
          const rows: Record<string, unknown>[] = []
          let failed = 0
          for (const f of read.files) {
            if ('error' in f) {
              failed++
              rows.push({ file: f.file, outcome: `not read: ${f.error}` })
              continue
            }
            if (f.status === 'saved') {
              rows.push({ file: f.file, outcome: `already imported (as ${basename(f.duplicateOf ?? '')})` })
              continue
            }
            try {
              const meetingId = await c.services.minutesImport.save(f.id, actor, {
                newPeople: !!o.newPeople,
                asSeparate: !!o.asSeparate,
              })
              const m = await c.services.meetings.get(meetingId)
              rows.push({ file: f.file, outcome: `saved: ${m.title}, ${m.date}`, meeting: meetingId })
            } catch (e) {
              failed++
              rows.push({ file: f.file, outcome: `kept to review: ${(e as Error).message}` })
            }
          }
          if (o.format === 'json') for (const r of rows) console.log(JSON.stringify(r))
          else table(rows)
          console.log(
            `Batch ${read.batchId}. Review what was kept at /minutes/imports; ` +
              `undo the batch with: csp minutes undo ${read.batchId}`,
          )
          if (failed) process.exitCode = 1
        })
      },
    )
  minutes
    .command('undo <batch>')
    .description('undo an import batch: the meetings it saved, their actions and decisions, and the people it added')
    .action((batch: string) =>
      withContainer(async (c) => {
        const r = await c.services.minutesImport.undoBatch(batch, actor)
        console.log(
          `Undone: ${counted(r.files, 'file')}, ${counted(r.meetings, 'meeting')}, ` +
            `${counted(r.people, 'person', 'people')} removed.`,
        )
      }),
    )
}

function summary(j: ReturnType<typeof importJson> | { file: string; error: string }): Record<string, unknown> {
  if ('error' in j)
    return {
      file: j.file,
      date: '',
      items: '',
      attendees: '',
      apologies: '',
      actions: '',
      decisions: '',
      warnings: j.error,
    }
  return {
    file: j.file,
    date: j.date ?? '',
    time: j.time ?? '',
    // (Items with printed headings; text before any heading is kept but is not one.)
    items: j.items.filter((i) => i.title !== null).length,
    attendees: j.attendees.length,
    apologies: j.apologies.length,
    actions: j.actions.length,
    decisions: j.decisions.length,
    next: j.nextMeeting ?? '',
    warnings: j.warnings.length,
  }
}
