import { writeFileSync } from 'node:fs'
import { InvalidArgumentError, type Command } from 'commander'
import type { ReportFormat } from '../../modules/reports/reports.service'
import type { ReportTemplate } from '../../modules/reports/report-period'
import { actor, table, withContainer } from './shared'

const FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'docx']

/** `csp reports monthly|quarterly|list`: a board report built, stored as a draft, and written out. */
export function registerReports(program: Command): void {
  const reports = program
    .command('reports')
    .description('board reports (P8): the monthly operational report and the quarterly partnership report')

  const build = (template: ReportTemplate, flag: string, description: string) =>
    reports
      .command(template)
      .description(description)
      .requiredOption(
        flag,
        template === 'monthly' ? 'the month, YYYY-MM' : 'the quarter, YYYY-Qn (Q1 is January to March)',
      )
      .option('--format <format>', 'html | pdf | docx', 'html')
      .option('-o, --output <file>', 'where to write it (default: a file named after the report, here)')
      .option('--restricted', 'the restricted version (DHR figures, restricted records): never publish it')
      .action((o: { month?: string; quarter?: string; format: string; output?: string; restricted?: boolean }) =>
        withContainer(async (c) => {
          if (!(FORMATS as readonly string[]).includes(o.format))
            throw new InvalidArgumentError('--format must be html, pdf or docx')
          const p = await c.services.partnership.current()
          const r = await c.services.reports.create(
            p.id,
            {
              template,
              period: (template === 'monthly' ? o.month : o.quarter)!,
              audience: o.restricted ? 'restricted' : 'public',
            },
            actor,
          )
          const out = await c.services.reports.render(r.id, o.format as ReportFormat)
          const file = o.output ?? out.filename
          writeFileSync(file, out.body)
          console.error(`Stored ${r.title} (version ${r.version}, draft, id ${r.id}) and wrote ${file}.`)
          for (const h of r.model.headlines) console.error(`  • ${h.text}`)
        }),
      )

  build(
    'monthly',
    '--month <YYYY-MM>',
    'the monthly operational report: the latest month of each tracked measure, hotspots, data notes',
  )
  build(
    'quarterly',
    '--quarter <YYYY-Qn>',
    'the quarterly partnership report: variation and assurance, each priority with its chart and figures, hotspots, rural crime, actions',
  )

  reports
    .command('list')
    .description('the reports stored, newest first')
    .action(() =>
      withContainer(async (c) => {
        const p = await c.services.partnership.current()
        table(
          (await c.services.reports.list(p.id)).map((r) => ({
            id: r.id,
            title: r.title,
            audience: r.audience,
            version: r.version,
            status: r.status,
            created: r.created_at.slice(0, 16),
          })),
        )
      }),
    )
}
