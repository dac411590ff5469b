// Test support: a real SMTP server in the test process (smtp-server), keeping what it receives.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface Received {
  to: string[]
  data: string
}

export function smtpServer(received: Received[]): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data })
        callback()
      })
    },
  })
}

/** Listens on loopback (any free port, or the one given); resolves to the port. */
export const listen = (s: SMTPServer, port = 0) =>
  new Promise<number>((resolve) => s.listen(port, '127.0.0.1', () => resolve((s.server.address() as AddressInfo).port)))

export const close = (s: SMTPServer) => new Promise<void>((resolve) => s.close(() => resolve()))
