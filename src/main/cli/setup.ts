import { InvalidArgumentError } from 'commander'
import { loadConfig } from '../../config'
import { isPostgresUrl, openDatabase } from '../../db/database'
import { restoreSqlite } from '../../db/restore'
import { findCsps } from '../../modules/performance/reference/ons-reference'
import { areaLsoas } from '../../modules/governance/partnership/partnership-setup'
import type { Command } from 'commander'
import { actor, withContainer, table, passwordInput } from './shared'

/** The commands for the database, the demo and the partnership. */
export function registerSetup(program: Command): void {
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
}
