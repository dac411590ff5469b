/** A record the user asked for does not exist: becomes the 404 page. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError'
}

/** A change refused because the record moved on since the user loaded it (optimistic locking). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError'
}

/** A change that breaks a rule of the record's lifecycle, e.g. editing approved minutes. */
export class RuleError extends Error {
  override readonly name = 'RuleError'
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}
