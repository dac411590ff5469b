import { InvalidArgumentError, type Command } from 'commander'
import { isIsoDate } from '../../modules/governance/meetings/meeting-date'
import { withContainer } from './shared'

/** `csp notify run`: queue what is due (the week's action digests) and send what is waiting. */
export function registerNotify(program: Command): void {
  const notify = program.command('notify').description('email: what is due, sent through CSP_SMTP_URL')
  notify
    .command('run')
    .description(
      'queue what is due today (each person’s weekly action digest) and send the outbox; nothing is sent twice',
    )
    .option('--today <YYYY-MM-DD>', 'the day to work from (default: today)')
    .action((o: { today?: string }) =>
      withContainer(async (c) => {
        if (o.today && !isIsoDate(o.today)) throw new InvalidArgumentError('--today must be a date, YYYY-MM-DD')
        const r = await c.services.notify.run(o.today)
        console.log(
          `Queued ${r.queued} message${r.queued === 1 ? '' : 's'}; sent ${r.sent}` +
            (r.failed ? `; ${r.failed} could not be sent and will be tried again` : '') +
            `; ${r.waiting} waiting.` +
            (r.off ? ' Mail is off: set CSP_SMTP_URL (and CSP_MAIL_FROM) to send.' : ''),
        )
      }),
    )
}
