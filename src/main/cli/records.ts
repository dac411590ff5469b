import { writeFileSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import { MeasureFileError } from '../../modules/performance/measures/measures.service'
import { RegisterImportError } from '../../modules/registers/register-import'
import { registerKinds, type RegisterKind } from '../../modules/registers/registers.table'
import { toCsv } from '../../csv'
import type { Command } from 'commander'
import { actor, withContainer, table, readInput, formatOption, fixed, passwordInput } from './shared'

/** The commands for partner measures, registers, accounts, crime groups and lookups. */
export function registerRecords(program: Command): void {
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
        const csv = await c.services.registers.exportCsv(
          (await c.services.partnership.current()).id,
          registerKind(name),
        )
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
    .command('feed-url <email>')
    .description(
      "the account's secret calendar address (made the first time), for Outlook or Google Calendar to subscribe to",
    )
    .option('--replace', 'a new address: the old one stops working')
    .option('--revoke', 'turn the address off')
    .action((email: string, o: { replace?: boolean; revoke?: boolean }) =>
      withContainer(async (c) => {
        const feeds = c.services.calendarFeeds
        if (o.revoke) {
          await feeds.revokeByEmail(email, actor)
          console.log(`Turned off the calendar address of ${email}.`)
          return
        }
        console.log(o.replace ? await feeds.replaceByEmail(email, actor) : await feeds.ensureByEmail(email, actor))
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
}
