import { SingleBar, Presets } from 'cli-progress'
import { InvalidArgumentError } from 'commander'
import { BoundaryImportError } from '../../modules/performance/boundaries/boundaries.service'
import { boundaryLayers, type BoundaryLayer } from '../../modules/performance/boundaries/boundaries.table'
import { formatCounts } from '../../modules/performance/crimes/counts-format'
import {
  areaDimensions,
  ShrinkingImportError,
  type AreaDimension,
} from '../../modules/performance/crimes/crimes.service'
import { actor, withContainer, table, readInput, isDirectory, boundaryFolder } from './shared'
import type { Command } from 'commander'

/** The commands for boundaries and police.uk crime. */
export function registerEvidence(program: Command): void {
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
              'thread',
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
              {
                format: 'Importing |{bar}| {percentage}% {value}/{total} MB | {rows} rows | {source}',
                hideCursor: true,
              },
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
}
