/**
 * Programming errors of the outbox's callers (not shown to users as such: the renewal journal turns them into
 * its own user-facing state). Stable `name` and `code` so they survive postMessage and minification.
 */
export class OutboxConflictError extends Error {
  override readonly name = 'OutboxConflictError';
  readonly code = 'OUTBOX_TRANSACTION_CONFLICT';
  /** RFC 9810 §5.1.1: a transactionID names one transaction; another body under it is refused by the CA
   * (failInfo transactionIdInUse), so the outbox refuses it first. */
  constructor(readonly transactionIdHex: string) {
    super(`transaction ${transactionIdHex} is already queued with a different body`);
  }
}

export class OutboxInputError extends Error {
  override readonly name = 'OutboxInputError';
  readonly code = 'OUTBOX_BAD_INPUT';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}
