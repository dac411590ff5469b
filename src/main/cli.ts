import { Command } from 'commander'
import { packageInfo } from '../web/package-info'
import { registerAnalyses } from './cli/analyses'
import { registerEvidence } from './cli/evidence'
import { registerMeetings } from './cli/meetings'
import { registerMinutesImport } from './cli/minutes-import'
import { registerRecords } from './cli/records'
import { registerReports } from './cli/reports'
import { registerNotify } from './cli/notify'
import { registerSetup } from './cli/setup'

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

registerSetup(program)
registerMeetings(program)
registerMinutesImport(program)
registerEvidence(program)
registerAnalyses(program)
registerRecords(program)
registerReports(program)
registerNotify(program)

program.parseAsync(process.argv).catch((e: Error) => {
  console.error(`csp: ${e.message}`)
  process.exitCode = 1
})
