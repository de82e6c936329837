/**
 * Programming errors of the outbox's callers (not shown to users as such: the renewal journal turns them into
 * its own user-facing state). Stable `name` and `code` so they survive postMessage and minification.
 */
export class OutboxConflictError extends Error {
  override readonly name = 'OutboxConflictError';
  readonly code = 'OUTBOX_TRANSACTION_CONFLICT';
  /** RFC 9810 §5.1.1: the messages of one transaction are sequential (request, answer, next request); a second
   * body while the first still waits would race it at the CA (failInfo transactionIdInUse). */
  constructor(readonly transactionIdHex: string) {
    super(`transaction ${transactionIdHex} already has a message waiting to be sent`);
  }
}

export class OutboxInputError extends Error {
  override readonly name = 'OutboxInputError';
  readonly code = 'OUTBOX_BAD_INPUT';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}
