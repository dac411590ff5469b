import { InvalidArgumentError } from 'commander'
import { areaDimensions } from '../../modules/performance/crimes/crimes.service'
import {
  areaNoun,
  hotspotsCsv,
  type HotspotDimension,
  type HotspotResult,
} from '../../modules/performance/hotspots/hotspots.service'
import { trendsCsv } from '../../modules/performance/trends/trends.service'
import { ruralCsv, ruralPlacesCsv } from '../../modules/performance/rural/rural.service'
import { formatP } from '../../figures'
import { withContainer, table, monthOption, formatOption, fixed } from './shared'
import type { Command } from 'commander'

/** The commands for the analyses: hotspots, trends and rural crime. */
export function registerAnalyses(program: Command): void {
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
}
