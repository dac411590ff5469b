/** The email a person may turn off on their account page; invitations, password links and break-glass notices always go. */
export const MAIL_KINDS = {
  'agenda.published': 'Agendas and papers when they are published',
  'minutes.circulated': 'Draft minutes when they are circulated for comment',
  'actions.assigned': 'An action given to me',
  'actions.digest': 'A weekly digest of my open, due and overdue actions',
  'dhr.deadline': 'Statutory deadlines of the domestic homicide reviews I am named on',
} as const
export type MailKind = keyof typeof MAIL_KINDS

export const isOptional = (kind: string): kind is MailKind => kind in MAIL_KINDS

/** The kinds turned off, from the stored list. */
export const mailOff = (stored: string | null | undefined): Set<string> =>
  new Set((stored ?? '').split(',').filter(Boolean))
