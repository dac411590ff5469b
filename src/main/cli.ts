import { asText } from '../words'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SingleBar, Presets } from 'cli-progress'
import { userInfo } from 'node:os'
import { Command, InvalidArgumentError } from 'commander'
import { loadConfig } from '../config'
import { buildContainer, type Container } from '../container'
import { isPostgresUrl, openDatabase } from '../db/database'
import { actionUpdateForm } from '../modules/governance/actions/actions.schemas'
import { actionStatuses } from '../modules/governance/actions/actions.table'
import { calendar } from '../modules/governance/meetings/meetings.calendar'
import { minutesDocx } from '../modules/governance/minutes/minutes.docx'
import { packageInfo } from '../web/package-info'
import { BoundaryImportError } from '../modules/performance/boundaries/boundaries.service'
import { boundaryLayers, type BoundaryLayer } from '../modules/performance/boundaries/boundaries.table'
import { formatCounts } from '../modules/performance/crimes/counts-format'
import { areaDimensions, ShrinkingImportError, type AreaDimension } from '../modules/performance/crimes/crimes.service'
import {
  areaNoun,
  hotspotsCsv,
  type HotspotDimension,
  type HotspotResult,
} from '../modules/performance/hotspots/hotspots.service'
import { trendsCsv } from '../modules/performance/trends/trends.service'
import { ruralCsv, ruralPlacesCsv } from '../modules/performance/rural/rural.service'
import { MeasureFileError } from '../modules/performance/measures/measures.service'
import { RegisterImportError } from '../modules/registers/register-import'
import { registerKinds, type RegisterKind } from '../modules/registers/registers.table'
import { toCsv } from '../csv'
import { generatePassword } from '../modules/access/passwords'
import { restoreSqlite } from '../db/restore'
import { MONTH } from '../modules/performance/months'
import { runAsEveryone } from '../modules/access/restriction'
import { formatP } from '../figures'
import { findCsps } from '../modules/performance/reference/ons-reference'
import { areaLsoas } from '../modules/governance/partnership/partnership-setup'

/** The CLI opens no port: it builds the same container as the web app and calls the same services. */
const actor = { name: `system:${safeUser()}` }

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'cli'
  }
}

async function withContainer<T>(work: (c: Container) => Promise<T>): Promise<T> {
  const c = await buildContainer(loadConfig())
  try {
    // The command line is the server's operator: it reads every record (restriction is for the web).
    return await runAsEveryone(() => work(c))
  } finally {
    await c.close()
  }
}

/** A table cell: text, numbers and flags written out; anything else as JSON. */
const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : asText(v)

function table(rows: Record<string, unknown>[]) {
  if (rows.length === 0) return console.log('(none)')
  const keys = Object.keys(rows[0]!)
  const widths = keys.map((k) => Math.min(70, Math.max(k.length, ...rows.map((r) => cell(r[k]).length))))
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!)).join('  ')
  console.log(line(keys))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const r of rows) console.log(line(keys.map((k) => cell(r[k]))))
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch {
    throw new Error(`${file} does not exist or cannot be read.`)
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** A folder's boundary files (police.uk's neighbourhood download unpacked: a folder per force, a KML per neighbourhood). */
function boundaryFolder(dir: string): { path: string; bytes: Buffer }[] {
  const files = (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(kml|shp|dbf|prj|cpg|geojson|json)$/i.test(f))
    .sort()
  if (files.length > 50_000)
    throw new Error(
      `${dir} holds ${files.length.toLocaleString('en-GB')} boundary files, more than any force has neighbourhoods. Point at one force's folder.`,
    )
  if (!files.length) throw new Error(`${dir} holds no KML, shapefile or GeoJSON files.`)
  return files.map((f) => ({ path: f, bytes: readFileSync(join(dir, f)) }))
}

/** Accepts a meeting id, or a date (YYYY-MM-DD) that names exactly one meeting. */
async function meetingId(c: Container, ref: string): Promise<string> {
  const p = await c.services.partnership.current()
  const all = await c.services.meetings.list(p.id)
  const hit = all.filter((m) => m.id === ref || m.date === ref)
  if (hit.length !== 1)
    throw new Error(
      `No single meeting matches "${ref}". Use an id from \`csp meetings list\`, or a meeting date like 2025-03-13.`,
    )
  return hit[0]!.id
}

async function actionId(c: Container, ref: string): Promise<string> {
  if (/^\d+$/.test(ref)) return c.services.actions.findByRef((await c.services.partnership.current()).id, Number(ref))
  return ref
}

// `csp crimes counts | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

const program = new Command()
program
  .name('csp')
  .description('csp-hub: run a Community Safety Partnership from the command line')
  .version(packageInfo.version)
program.addHelpText(
  'after',
  '\nThe database is CSP_DATABASE_URL (default ./data/csp.sqlite), the same one the web app uses.',
)

const db = program.command('db').description('the database')
db.command('migrate')
  .description('bring the database schema up to date')
  .action(() => withContainer(async (c) => console.log(`Database is up to date (${c.database.location}).`)))

db.command('backup <file>')
  .description('a consistent copy of the database, safe while the app runs')
  .action((file: string) =>
    withContainer(async (c) => {
      await c.database.backup(file)
      console.log(`Backed up ${c.database.location} to ${file}.`)
    }),
  )
db.command('restore <file>')
  .description(
    'replace the database with a backup; SQLite: stop the app first, the current file is kept beside it; PostgreSQL: all rows replaced in one transaction',
  )
  .action(async (file: string) => {
    const url = loadConfig().databaseUrl
    if (url === ':memory:') throw new InvalidArgumentError('an in-memory database cannot be restored into')
    if (isPostgresUrl(url)) {
      const database = openDatabase(url)
      try {
        const r = await database.restore!(file)
        console.log(`Restored ${database.location} from ${file}: ${r.rows} rows in ${r.tables} tables.`)
      } finally {
        await database.close()
      }
      return
    }
    const target = url.replace(/^sqlite:(\/\/)?/, '')
    const r = restoreSqlite(file, target)
    console.log(`Restored ${target} from ${file}.${r.kept ? ` The previous database is kept as ${r.kept}.` : ''}`)
    await withContainer(async (c) => console.log(`Database is up to date (${c.database.location}).`))
  })

const demo = program.command('demo').description('the demo partnership')
demo
  .command('load')
  .description(
    'load the Dorset partnership from the reference minutes into an empty database, with stand-in beats and 12 months of police.uk crime',
  )
  .option('--no-crime', 'only the meetings, without boundaries and crime')
  .action((o: { crime: boolean }) =>
    withContainer(async (c) => {
      const r = await c.services.demo.load(actor, undefined, { performance: o.crime })
      console.log(
        `Loaded the demo partnership: ${r.people} people, ${r.meetings} meetings, ${r.crimeRows} police.uk rows.`,
      )
    }),
  )

const partnership = program
  .command('partnership')
  .description('set up the partnership this database holds, from the ONS list of Community Safety Partnerships')
partnership
  .command('find <text>')
  .description('search the ONS list (April 2024) by partnership, local authority or police force name, or code')
  .option('--json', 'print JSON')
  .action((text: string, o: { json?: boolean }) => {
    const hits = findCsps(text)
    if (o.json) return console.log(JSON.stringify(hits, null, 2))
    if (!hits.length)
      return console.log(
        `No partnership on the ONS list matches "${text}". Set yours up by name: csp partnership create --name "<name>".`,
      )
    table(
      hits.map((e) => ({
        code: e.code,
        partnership: e.name,
        'local authorities': e.authorities.map((a) => `${a.name} (${a.code})`).join('; '),
        police: e.forces.map((f) => f.name).join('; '),
      })),
    )
  })
partnership
  .command('create')
  .description(
    'create the partnership (an empty database only): from its ONS code, or by name when it is not on the list',
  )
  .option('--name <name>', "the partnership's name as its minutes write it (default: the ONS name)")
  .option('--ons-code <code>', "its ONS code (E22…/W14…): its area is then its local authorities' LSOAs")
  .option('--area-name <text>', 'the area it covers, in words (default: its local authorities)')
  .option(
    '--authorities <codes>',
    'the local authority codes (LTLA 2024, comma-separated) that are yours, where the ONS list gives more',
  )
  .option(
    '--admin <email>',
    'the first administrator, made in the same transaction (a password piped in is used; else one is printed once)',
  )
  .action((o: { name?: string; onsCode?: string; areaName?: string; authorities?: string; admin?: string }) =>
    withContainer(async (c) => {
      const pass = o.admin ? passwordInput() : undefined
      const r = await c.services.partnership.create(
        {
          name: o.name,
          onsCode: o.onsCode,
          areaName: o.areaName,
          authorities: o.authorities
            ?.split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        },
        actor,
        o.admin ? { email: o.admin, password: pass!.password } : undefined,
      )
      for (const n of r.plan.notes) console.error(`Note: ${n}`)
      console.log(`Created ${r.plan.name}${r.plan.onsCode ? ` (${r.plan.onsCode})` : ''}.`)
      if (r.plan.authorities.length)
        console.log(
          `Area: ${areaLsoas(r.plan.authorities.map((a) => a.code)).length.toLocaleString('en-GB')} LSOAs of ${r.plan.authorities.map((a) => `${a.name} (${a.code})`).join(', ')}; wards and local authorities are ready as areas for hotspots, trends and counts.`,
        )
      else
        console.log(
          "Area: none yet, so every located crime counts. Import the area's boundary (csp boundaries import --layer area) to set one.",
        )
      console.log(
        `Agencies: ${r.plan.agencies.map((a) => a.name).join(', ') || 'none'} (add the others on the People page or with the web app).`,
      )
      if (o.admin) {
        console.log(
          `Administrator: ${o.admin.toLowerCase()}.${pass!.given ? '' : ` Password (shown once): ${pass!.password}`}`,
        )
        console.log('Next: import police.uk crime with `csp crimes import <files>`.')
      } else
        console.log(
          'Next: add the first administrator with `csp users add <email> --role administrator` before anyone else can reach the server, then import police.uk crime with `csp crimes import <files>`.',
        )
    }),
  )
partnership
  .command('show')
  .description('the partnership, its area and its agencies')
  .option('--json', 'print JSON')
  .action((o: { json?: boolean }) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      const authorities = await c.services.partnership.authorities(p.id)
      const agencies = await c.services.partnership.agencies(p.id)
      const lsoas = authorities.length ? areaLsoas(authorities.map((a) => a.code)).length : 0
      if (o.json)
        return console.log(
          JSON.stringify(
            {
              name: p.name,
              areaName: p.area_name,
              onsCode: p.ons_code,
              authorities,
              lsoas,
              agencies: agencies.map((a) => ({ name: a.name, sector: a.sector, statutory: !!a.statutory })),
            },
            null,
            2,
          ),
        )
      console.log(`${p.name}${p.ons_code ? ` (${p.ons_code})` : ''}`)
      console.log(`Area: ${p.area_name}`)
      console.log(
        authorities.length
          ? `Local authorities: ${authorities.map((a) => `${a.name} (${a.code})`).join(', ')}; ${lsoas.toLocaleString('en-GB')} LSOAs.`
          : 'Local authorities: none recorded (the area comes from imported boundaries, if any).',
      )
      console.log(
        `Agencies: ${agencies.map((a) => `${a.name}${a.statutory ? ' (statutory)' : ''}`).join(', ') || 'none'}`,
      )
    }),
  )

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

const boundaries = program.command('boundaries').description('beats, localities and the partnership area')
boundaries
  .command('import <file>')
  .description(
    "import a boundary file (GeoJSON in WGS84 or British National Grid, KML, zipped shapefile; .gz allowed), or police.uk's neighbourhood download (zip or folder, with --force), as a new dated set",
  )
  .requiredOption('--layer <layer>', boundaryLayers.join(' | '))
  .option('--code-field <field>', "property holding each area's code (guessed from common names if not given)")
  .option('--name-field <field>', "property holding each area's name")
  .option(
    '--effective-from <YYYY-MM-DD>',
    'first day the boundaries apply (default: today, and every earlier month no other set of the layer covers)',
  )
  .option('--label <text>', 'a name for this set, e.g. "Beats from April 2025"')
  .option(
    '--force <force>',
    "police.uk's neighbourhood download holds a folder per force: the one to import (e.g. wiltshire)",
  )
  .action(
    (
      file: string,
      o: {
        layer: string
        codeField?: string
        nameField?: string
        effectiveFrom?: string
        label?: string
        force?: string
      },
    ) =>
      withContainer(async (c) => {
        if (!boundaryLayers.includes(o.layer as BoundaryLayer))
          throw new InvalidArgumentError(`--layer must be one of ${boundaryLayers.join(', ')}`)
        if (o.effectiveFrom && !/^\d{4}-\d{2}-\d{2}$/.test(o.effectiveFrom))
          throw new InvalidArgumentError('--effective-from must be a date written YYYY-MM-DD')
        const p = await c.services.partnership.current()
        const folder = isDirectory(file)
        const source = folder
          ? { name: file, bytes: Buffer.alloc(0), files: boundaryFolder(file) }
          : { name: file, bytes: readInput(file) }
        try {
          const r = await c.services.boundaries.import(
            p.id,
            source,
            {
              layer: o.layer as BoundaryLayer,
              codeField: o.codeField,
              nameField: o.nameField,
              effectiveFrom: o.effectiveFrom,
              label: o.label,
              force: o.force,
            },
            actor,
          )
          console.log(
            `Imported ${r.accepted} ${o.layer} from ${file} (${r.format}, ${r.crs === 'bng' ? 'British National Grid, reprojected to WGS84' : 'WGS84'}; code field ${r.codeField}${r.nameField ? `, name field ${r.nameField}` : ''}).`,
          )
          for (const m of r.repaired) console.log(`  repaired  feature ${m.feature} (${m.code}): ${m.message}`)
          for (const m of r.warnings) console.log(`  warning   feature ${m.feature} (${m.code}): ${m.message}`)
        } catch (e) {
          if (!(e instanceof BoundaryImportError)) throw e
          console.error(`Nothing imported from ${file}:`)
          for (const m of e.report.errors)
            console.error(`  ${m.feature ? `feature ${m.feature}${m.code ? ` (${m.code})` : ''}: ` : ''}${m.message}`)
          process.exitCode = 1
        }
      }),
  )
boundaries
  .command('list')
  .description('list boundary sets and when they apply')
  .action(() =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      table(
        (await c.services.boundaries.sets(p.id)).map((s) => ({
          layer: s.layer,
          from: s.effective_from,
          areas: s.feature_count,
          label: s.label,
          id: s.id,
        })),
      )
    }),
  )

const crimes = program.command('crimes').description('police.uk street-level crime')
crimes
  .command('import <paths...>')
  .description(
    'import police.uk street-level CSVs (.csv, .csv.gz, folders, or police.uk bulk .zip); each force-month replaces the one held',
  )
  .option('--replace', 'replace force-months even with far fewer rows than are held (refused without it)')
  .action((paths: string[], o: { replace?: boolean }) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      const bar = process.stderr.isTTY
        ? new SingleBar(
            { format: 'Importing |{bar}| {percentage}% {value}/{total} MB | {rows} rows | {source}', hideCursor: true },
            Presets.shades_classic,
          )
        : undefined
      let started = false
      const r = await c.services.crimes
        .import(
          p.id,
          paths,
          actor,
          (pr) => {
            const mb = (n: number) => Math.round(n / 1e5) / 10
            if (bar) {
              if (!started) bar.start(mb(pr.bytesTotal), 0, { rows: 0, source: '' })
              started = true
              bar.update(mb(pr.bytesRead), { rows: pr.rows, source: pr.source.replace(/^.*[\\/]/, '') })
            } else console.error(`progress ${pr.sourceIndex + 1}/${pr.sources} ${pr.source}: ${pr.rows} rows`)
          },
          { replaceSmaller: o.replace === true },
        )
        .catch((e: unknown) => {
          bar?.stop()
          if (e instanceof ShrinkingImportError)
            throw new Error(
              `${e.message.replace('import again and confirm the replacement', 'run the same command with --replace')}`,
            )
          throw e
        })
      bar?.stop()
      const t = r.totals
      console.log(
        `Imported ${r.units.length} force-month${r.units.length === 1 ? '' : 's'} from ${r.sources} file${r.sources === 1 ? '' : 's'}: ${t.rows} rows, ${t.located} located, ${t.unlocated} without a location, ${t.rejected} rejected; ${t.outsideArea} outside the partnership area (kept, not in its figures)${t.unallocated ? `; ${t.unallocated} in the area but in no beat` : ''}.`,
      )
      table(
        r.units.map((u) => ({
          force: u.force,
          month: u.month,
          rows: u.rows,
          located: u.located,
          unlocated: u.unlocated,
          rejected: u.rejected,
          'outside area': u.quirks.outsideArea,
          'ASB no id': u.quirks.asbWithoutCrimeId,
          'exact dups': u.quirks.exactDuplicateRows,
          'repeated ids': u.quirks.repeatedCrimeIds,
          replaced: u.replaced ? 'yes' : '',
        })),
      )
      for (const rej of r.rejectedRows) console.log(`  rejected: ${rej.source}: ${rej.reason}`)
      for (const n of r.notes) console.error(`Note: ${n}`)
      if (r.skipped.length)
        console.log(
          `Skipped ${r.skipped.length} file${r.skipped.length === 1 ? '' : 's'} that are not street-level crime (outcomes, stop and search, other files).`,
        )
    }),
  )
crimes
  .command('counts')
  .description("counts by area, month and crime type for the partnership's area")
  .requiredOption(
    '--by <dimension>',
    'beat | locality | ward | lsoa (beats and localities fall back to wards and local authorities until imported)',
  )
  .option('--from <YYYY-MM>', 'first month')
  .option('--to <YYYY-MM>', 'last month')
  .option('--format <format>', 'csv | json | table', 'csv')
  .option(
    '--lookup <id>',
    'with --by locality: go through this LSOA lookup (see csp lookups list) instead of the locality polygons',
  )
  .action((o: { by: string; from?: string; to?: string; format: string; lookup?: string }) =>
    withContainer(async (c) => {
      if (!(areaDimensions as readonly string[]).includes(o.by))
        throw new InvalidArgumentError('--by must be beat, locality, ward or lsoa')
      for (const [flag, v] of [
        ['--from', o.from],
        ['--to', o.to],
      ] as const)
        if (v && !/^\d{4}-(0[1-9]|1[0-2])$/.test(v))
          throw new InvalidArgumentError(`${flag} must be a month written YYYY-MM`)
      if (!['csv', 'json', 'table'].includes(o.format))
        throw new InvalidArgumentError('--format must be csv, json or table')
      const p = await c.services.partnership.current()
      if (o.lookup && o.by !== 'locality') throw new InvalidArgumentError('--lookup goes with --by locality')
      const range = { from: o.from, to: o.to }
      const by = o.by as AreaDimension
      const layered = o.lookup || by === 'lsoa' ? undefined : await c.services.crimes.layerCounts(p.id, by, range)
      const rows = o.lookup
        ? await c.services.crimes.countsViaLookup(p.id, await c.services.lookups.rows(o.lookup), range)
        : layered
          ? layered.counts
          : await c.services.crimes.counts(p.id, by, range)
      // What the figures leave out goes to stderr, so the CSV on stdout stays exactly the documented table.
      for (const n of await c.services.crimes.coverage(p.id, by, range, layered?.layer)) console.error(`Note: ${n}`)
      if (o.format === 'table') table(rows as unknown as Record<string, unknown>[])
      else process.stdout.write(formatCounts(rows, o.format as 'csv' | 'json'))
    }),
  )

function monthOption(flag: string, v: string | undefined) {
  if (v && !MONTH.test(v)) throw new InvalidArgumentError(`${flag} must be a month written YYYY-MM`)
}
function formatOption(v: string) {
  if (!['csv', 'json', 'table'].includes(v)) throw new InvalidArgumentError('--format must be csv, json or table')
  return v as 'csv' | 'json' | 'table'
}
const fixed = (v: number | null, d = 2) => (v === null ? '' : v.toFixed(d))

program
  .command('hotspots')
  .description(
    'hotspots by relative proportion (location quotient) beside volume, for a crime group and window (methods.md §1)',
  )
  .requiredOption(
    '--group <group>',
    'asb, violence, a police.uk crime type by its name, or a group of your own (csp groups list)',
  )
  .option('--from <YYYY-MM>', 'first month (default: --to)')
  .option('--to <YYYY-MM>', 'last month (default: the latest month held)')
  .option(
    '--by <dimension>',
    'beat | locality | ward | lsoa (beats and localities fall back to wards and local authorities until imported)',
    'beat',
  )
  .option('--format <format>', 'csv | json | table', 'csv')
  .action((o: { group: string; from?: string; to?: string; by: string; format: string }) =>
    withContainer(async (c) => {
      if (!(areaDimensions as readonly string[]).includes(o.by))
        throw new InvalidArgumentError('--by must be beat, locality, ward or lsoa')
      monthOption('--from', o.from)
      monthOption('--to', o.to)
      const format = formatOption(o.format)
      const p = await c.services.partnership.current()
      const r = await c.services.hotspots.compute(p.id, {
        group: o.group,
        by: o.by as HotspotDimension,
        from: o.from,
        to: o.to,
      })
      for (const n of r.notes) console.error(`Note: ${n}`)
      if (r.message) console.error(r.message)
      if (format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      else if (format === 'csv') process.stdout.write(hotspotsCsv(r))
      else hotspotTable(r)
    }),
  )
function hotspotTable(r: HotspotResult) {
  console.log(
    `${r.group.label}, ${r.from === r.to ? r.from : `${r.from} to ${r.to}`}, by ${areaNoun(r).one} (${r.set?.label ?? 'no boundaries'}): ${r.typeTotal} of ${r.allTotal} crimes; ${r.unallocated.all} in no ${areaNoun(r).one}.`,
  )
  table(
    [...r.rows]
      .sort((a, b) => (b.lq ?? -1) - (a.lq ?? -1))
      .map((x) => ({
        code: x.area_code,
        name: x.area_name,
        type: x.type_count,
        all: x.all_count,
        share: fixed(x.share === null ? null : 100 * x.share, 1),
        rank: x.volume_rank,
        LQ: fixed(x.lq),
        '95% CI': x.lq_lower === null ? '' : `${fixed(x.lq_lower)}–${fixed(x.lq_upper)}`,
        'p (BH)': formatP(x.p_adjusted),
        'LQ (EB)': fixed(x.lq_eb),
        'per 1,000': fixed(x.rate_per_1000, 1),
        hotspot: x.hotspot ? 'HOTSPOT' : x.below_minimum ? 'too few' : '',
        persistence: x.persistence ?? '',
      })),
  )
}

program
  .command('trends')
  .description('a monthly series for a crime group with XmR limits and the Making Data Count rules (methods.md §5)')
  .requiredOption('--group <group>', 'asb, violence, a police.uk crime type by its name, or a group of your own')
  .option('--from <YYYY-MM>', 'first month (default: 24 months before --to)')
  .option('--to <YYYY-MM>', 'last month (default: the latest month held)')
  .option('--area <code>', "a beat or locality code (default: the partnership's whole area)")
  .option('--run-length <n>', '6 or 7 points for the shift and trend rules', '7')
  .option('--two-sigma <mode>', 'beyond2 (MDC since 2023) | between2and3', 'beyond2')
  .option('--format <format>', 'csv | json | table', 'csv')
  .action(
    (o: {
      group: string
      from?: string
      to?: string
      area?: string
      runLength: string
      twoSigma: string
      format: string
    }) =>
      withContainer(async (c) => {
        monthOption('--from', o.from)
        monthOption('--to', o.to)
        const format = formatOption(o.format)
        if (o.runLength !== '6' && o.runLength !== '7') throw new InvalidArgumentError('--run-length must be 6 or 7')
        if (o.twoSigma !== 'beyond2' && o.twoSigma !== 'between2and3')
          throw new InvalidArgumentError('--two-sigma must be beyond2 or between2and3')
        const p = await c.services.partnership.current()
        const r = await c.services.trends.compute(
          p.id,
          { group: o.group, from: o.from, to: o.to, area: o.area },
          { runLength: Number(o.runLength) as 6 | 7, twoSigmaMode: o.twoSigma },
        )
        if (r.message) console.error(r.message)
        if (r.missing.length) console.error(`No crime data held for ${r.missing.join(', ')}: left out.`)
        if (format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
        else if (format === 'csv') process.stdout.write(trendsCsv(r))
        else {
          console.log(
            `${r.group.label}, ${r.area.name}, ${r.from} to ${r.to}: ${r.plateau.status.replace('_', ' ')}${r.chart.trialLimits ? ' (trial limits: fewer than 13 points)' : ''}.`,
          )
          table(
            r.rows.map((x) => ({
              month: x.month,
              value: x.value,
              mean: fixed(x.mean, 1),
              lower: fixed(x.lower_limit, 1),
              upper: fixed(x.upper_limit, 1),
              signal: x.signal,
              variation: x.variation.replace(/_/g, ' '),
              'last year': x.same_month_last_year ?? '',
              'rolling 12': x.rolling_12 ?? '',
            })),
          )
        }
      }),
  )

program
  .command('rural')
  .description(
    "rural share of crime by month (ONS Rural-Urban Classification of each crime's LSOA) and whether rural concentrations are common enough for hotspots (methods.md §3.5, §6)",
  )
  .option('--group <group>', 'all, asb, violence, a police.uk crime type, or a group of your own', 'all')
  .option('--from <YYYY-MM>', 'first month (default: 24 months before --to)')
  .option('--to <YYYY-MM>', 'last month (default: the latest month held)')
  .option(
    '--exposure <basis>',
    'population (default: Census 2021 residents) | equal | area (land-based crime only)',
    'population',
  )
  .option('--places', 'print every rural place with its test, the exposure and the verdict, as CSV')
  .option('--format <format>', 'csv | json | table', 'csv')
  .action((o: { group: string; from?: string; to?: string; exposure: string; format: string; places?: boolean }) =>
    withContainer(async (c) => {
      monthOption('--from', o.from)
      monthOption('--to', o.to)
      const format = formatOption(o.format)
      if (o.exposure !== 'area' && o.exposure !== 'equal' && o.exposure !== 'population')
        throw new InvalidArgumentError('--exposure must be population, equal or area')
      const p = await c.services.partnership.current()
      const r = await c.services.rural.compute(p.id, { group: o.group, from: o.from, to: o.to, exposure: o.exposure })
      if (r.message) console.error(r.message)
      if (format === 'json') return void process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      const k = r.concentration
      const verdict = r.verdict
        ? `${r.verdict.headline}. ${r.verdict.detail} (Shares by ${r.concentration!.exposureText}.)`
        : 'No rural places to test.'
      if (o.places) {
        process.stdout.write(ruralPlacesCsv(r))
        return void console.error(verdict)
      }
      if (format === 'csv') {
        process.stdout.write(ruralCsv(r))
        console.error(verdict)
      } else {
        console.log(
          `${r.group.label}, ${r.from} to ${r.to}: ${r.totals.rural} rural, ${r.totals.urban} urban, ${r.totals.unclassified} not classified.`,
        )
        table(
          r.months.map((m) => ({
            month: m.month,
            rural: m.rural,
            urban: m.urban,
            'not classified': m.unclassified,
            'rural %': fixed(m.rural_share === null ? null : 100 * m.rural_share, 1),
          })),
        )
        if (k)
          console.log(
            `\n${k.places} rural places (${k.source}; exposure ${k.exposure}): Gini ${fixed(k.gini?.generalizedUnbiased ?? null, 3)}, half the crime in ${fixed(k.pct50 === null ? null : 100 * k.pct50, 1)}% of places; random allocation median ${fixed(k.global?.median ?? null, 3)}, p = ${fixed(k.global?.p ?? null, 3)}.`,
          )
        console.log(verdict)
      }
    }),
  )

const measures = program
  .command('measures')
  .description('partner measures: monthly figures and domestic-abuse repeat rates')
measures
  .command('list')
  .description('list the partner measures')
  .action(() =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      table(
        (await c.services.measures.list(p.id)).map((m) => ({
          key: m.key,
          label: m.label,
          kind: m.kind,
          'supplied by': m.owner ?? '',
          better: m.direction,
        })),
      )
    }),
  )
measures
  .command('add <key>')
  .description('add a partner measure')
  .requiredOption('--label <text>', 'its name')
  .option('--kind <kind>', 'series (monthly figures) | da_cases (domestic-abuse occurrences)', 'series')
  .option('--direction <direction>', 'decrease | increase | neutral: which way is better', 'decrease')
  .option('--owner <text>', 'who supplies it')
  .action((key: string, o: { label: string; kind: string; direction: string; owner?: string }) =>
    withContainer(async (c) => {
      if (o.kind !== 'series' && o.kind !== 'da_cases')
        throw new InvalidArgumentError('--kind must be series or da_cases')
      if (!['decrease', 'increase', 'neutral'].includes(o.direction))
        throw new InvalidArgumentError('--direction must be decrease, increase or neutral')
      const p = await c.services.partnership.current()
      const m = await c.services.measures.create(
        p.id,
        { key, label: o.label, kind: o.kind, direction: o.direction as 'decrease', owner: o.owner },
        actor,
      )
      console.log(`Added ${m.label} (${m.key}).`)
    }),
  )
measures
  .command('upload <key> <csv>')
  .description(
    'upload figures (month,value[,denominator]) or occurrences (date,victim_id[,perpetrator_id][,kind]); all or nothing',
  )
  .action((key: string, file: string) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      const m = await c.services.measures.find(p.id, key)
      try {
        const r = await c.services.measures.upload(m.id, { name: file, bytes: readInput(file) }, actor)
        console.log(`Uploaded ${r.rows} ${r.months ? 'months' : 'occurrences'} to ${m.label}.`)
      } catch (e) {
        if (e instanceof MeasureFileError) {
          for (const problem of e.problems) console.error(problem)
          throw new Error(`${file}: nothing was saved.`)
        }
        throw e
      }
    }),
  )
measures
  .command('show <key>')
  .description('the monthly series with XmR limits and signals (DA measures: repeat victims as % of victims)')
  .option('--format <format>', 'csv | json | table', 'table')
  .action((key: string, o: { format: string }) =>
    withContainer(async (c) => {
      const format = formatOption(o.format)
      const p = await c.services.partnership.current()
      const r = await c.services.measures.chart((await c.services.measures.find(p.id, key)).id)
      const rows = r.points.map((x, i) => ({
        month: x.month,
        value: x.value,
        denominator: x.denominator,
        mean: r.chart.limits?.mean ?? null,
        lower_limit: r.chart.limits?.lower ?? null,
        upper_limit: r.chart.limits?.upper ?? null,
        signal: r.chart.points[i]!.signal ?? '',
        variation: r.chart.points[i]!.variation,
      }))
      if (format === 'json')
        console.log(
          JSON.stringify(
            {
              measure: {
                key: r.measure.key,
                label: r.measure.label,
                kind: r.measure.kind,
                direction: r.measure.direction,
              },
              plateau: r.plateau.status,
              assurance: r.chart.assurance,
              rows,
            },
            null,
            2,
          ),
        )
      else if (format === 'csv')
        process.stdout.write(
          toCsv(['month', 'value', 'denominator', 'mean', 'lower_limit', 'upper_limit', 'signal', 'variation'], rows),
        )
      else {
        console.log(`${r.measure.label}: ${r.plateau.status.replace('_', ' ')}.`)
        table(
          rows.map((x) => ({
            ...x,
            mean: fixed(x.mean, 1),
            lower_limit: fixed(x.lower_limit, 1),
            upper_limit: fixed(x.upper_limit, 1),
          })),
        )
      }
    }),
  )

/** A password piped in (echo … | csp users add …) is used; with none, one is generated to print once. */
function passwordInput(): { password: string; given: boolean } {
  const piped = process.stdin.isTTY ? '' : readFileSync(0, 'utf8').split(/\r?\n/)[0]!
  return { password: piped || generatePassword(), given: !!piped }
}

const registers = program
  .command('registers')
  .description("the partnership's registers: priorities, assessments, interventions, dhr, risks")
const registerKind = (name: string) => {
  if (!(registerKinds as readonly string[]).includes(name))
    throw new Error(`There is no register called "${name}". Use one of: ${registerKinds.join(', ')}.`)
  return name as RegisterKind
}
registers
  .command('export <register>')
  .description('print a register as CSV (the columns its import reads)')
  .option('-o, --out <file>', 'write to a file instead')
  .action((name: string, o: { out?: string }) =>
    withContainer(async (c) => {
      const csv = await c.services.registers.exportCsv((await c.services.partnership.current()).id, registerKind(name))
      if (o.out) writeFileSync(o.out, csv)
      else process.stdout.write(csv)
    }),
  )
registers
  .command('import <register> <csv>')
  .description('add every row of a CSV as a new entry; all or nothing, each problem named by row and column')
  .option('--restrict-to <emails>', 'DHRs: the accounts (comma separated) who may see the imported reviews')
  .action((name: string, file: string, o: { restrictTo?: string }) =>
    withContainer(async (c) => {
      const kind = registerKind(name)
      const p = await c.services.partnership.current()
      const emails = (o.restrictTo ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean)
      const accounts = await c.services.users.list(p.id)
      const ids = emails.map((e) => {
        const a = accounts.find((x) => x.email.toLowerCase() === e)
        if (!a) throw new Error(`There is no account ${e}: \`csp users list\` shows them.`)
        return a.id
      })
      // Reviews are restricted by default: once there are accounts, say who may see them.
      if (kind === 'dhr' && ids.length === 0 && (await c.services.users.accountsOn()))
        throw new Error(
          'Domestic Homicide Reviews are restricted: name who may see the imported reviews with --restrict-to email[,email…].',
        )
      try {
        const r = await c.services.registers.importCsv(
          p.id,
          kind,
          { name: file, bytes: readInput(file) },
          actor,
          kind === 'dhr' ? ids : [],
        )
        console.log(`Imported ${r.count} ${r.count === 1 ? 'entry' : 'entries'} into ${kind}.`)
      } catch (e) {
        if (e instanceof RegisterImportError) {
          for (const problem of e.problems) console.error(problem)
          throw new Error(`${file}: nothing was imported.`)
        }
        throw e
      }
    }),
  )

const users = program.command('users').description('people who sign in (the first administrator is made here)')
users
  .command('add <email>')
  .description(
    'add an account; the password is read from standard input when one is piped, else generated and printed once',
  )
  .requiredOption('--role <role>', 'administrator | coordinator | analyst | member | viewer')
  .option('--agency <agency>', 'their agency, by name or part of it')
  .option('--name <name>', 'their name as pages show it')
  .option(
    '--person <name>',
    "who they are in the partnership's records (name or alias): members update the actions they own",
  )
  .action((email: string, o: { role: string; agency?: string; name?: string; person?: string }) =>
    withContainer(async (c) => {
      const { password, given } = passwordInput()
      const p = await c.services.partnership.current()
      const u = await c.services.users.add(
        p.id,
        { email, name: o.name, role: o.role, agency: o.agency, person: o.person, password },
        actor,
      )
      console.log(`Added ${u.email} as ${u.role}.`)
      if (!given) console.log(`Password (shown once): ${password}`)
    }),
  )
users
  .command('list')
  .description('list accounts')
  .action(() =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      table(
        (await c.services.users.list(p.id)).map((u) => ({
          email: u.email,
          name: u.name,
          role: u.role,
          agency: u.agency ?? '',
          state: u.disabled
            ? 'disabled'
            : u.locked_until && u.locked_until > c.clock().toISOString()
              ? 'locked'
              : 'active',
        })),
      )
    }),
  )
users
  .command('password <email>')
  .description(
    'set a new password for someone (piped in, or generated and printed once); it clears a lock-out and ends their sessions',
  )
  .action((email: string) =>
    withContainer(async (c) => {
      const { password, given } = passwordInput()
      await c.services.users.resetPassword(email, password, actor)
      console.log(`Set a new password for ${email}.`)
      if (!given) console.log(`Password (shown once): ${password}`)
    }),
  )
users
  .command('enable <email>')
  .description('let a disabled account sign in again')
  .action((email: string) =>
    withContainer(async (c) => {
      await c.services.users.enable(email, actor)
      console.log(`Enabled ${email}.`)
    }),
  )
users
  .command('disable <email>')
  .description('stop an account signing in (its sessions end now)')
  .action((email: string) =>
    withContainer(async (c) => {
      await c.services.users.disable(email, actor)
      console.log(`Disabled ${email}.`)
    }),
  )

const groups = program.command('groups').description('crime groups for hotspots and trends')
groups
  .command('list')
  .description('list the crime groups')
  .option('--json', 'print JSON')
  .action((o: { json?: boolean }) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      const list = await c.services.groups.list(p.id)
      if (o.json) return console.log(JSON.stringify(list, null, 2))
      table(list.map((g) => ({ key: g.key, label: g.label, types: g.types.join('; '), origin: g.origin })))
    }),
  )
groups
  .command('set <key>')
  .description("define or change one of the partnership's own groups")
  .requiredOption('--label <text>', "the group's name on pages")
  .requiredOption('--types <list>', 'police.uk crime types, separated by semicolons')
  .action((key: string, o: { label: string; types: string }) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      const g = await c.services.groups.save(
        p.id,
        {
          key,
          label: o.label,
          types: o.types
            .split(';')
            .map((t) => t.trim())
            .filter(Boolean),
        },
        actor,
      )
      console.log(`Saved group ${g.key}: ${g.types.join('; ')}.`)
    }),
  )
groups
  .command('remove <key>')
  .description("remove one of the partnership's own groups")
  .action((key: string) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      await c.services.groups.remove(p.id, key, actor)
      console.log(`Removed group ${key}.`)
    }),
  )

const lookups = program.command('lookups').description('official lookups from LSOA to localities')
lookups
  .command('import <csv>')
  .description('import an LSOA → locality lookup (e.g. the ONS LSOA21 → ward → local authority lookup)')
  .requiredOption('--code-field <column>', "column holding each locality's code")
  .option('--name-field <column>', "column holding each locality's name")
  .option('--lsoa-field <column>', 'column holding the LSOA code (guessed: lsoa21_code, LSOA21CD…)')
  .option('--label <text>', 'a name for the lookup')
  .action((file: string, o: { codeField: string; nameField?: string; lsoaField?: string; label?: string }) =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      const bytes = readInput(file)
      const r = await c.services.lookups.import(p.id, { name: file, bytes }, o, actor)
      console.log(
        `Imported ${r.rows} LSOAs from ${file}; use it with: csp crimes counts --by locality --lookup ${r.id}`,
      )
    }),
  )
lookups
  .command('list')
  .description('list lookups')
  .action(() =>
    withContainer(async (c) => {
      const p = await c.services.partnership.current()
      table(
        (await c.services.lookups.list(p.id)).map((l) => ({
          id: l.id,
          label: l.label,
          lsoas: l.rows,
          'code column': l.code_field,
        })),
      )
    }),
  )

program.parseAsync(process.argv).catch((e: Error) => {
  console.error(`csp: ${e.message}`)
  process.exitCode = 1
})
