/**
 * What the app keeps about one CMP transaction between messages (in its renewal journal): enough to build the
 * next request and to check the next response. Plain data, structured-clone safe (IndexedDB, postMessage).
 */
export interface CmpTransaction {
  /** RFC 9810 §5.1.1: 16 random bytes, the same in every message of the transaction; our idempotency key. */
  readonly transactionId: Uint8Array;
  /** senderNonce of the last request we sent; the CA's next response must echo it as recipNonce. */
  readonly lastSenderNonce: Uint8Array;
  /** senderNonce of the last CA response; our next request carries it as recipNonce. */
  readonly lastRecipNonce?: Uint8Array;
  /** certReqId of our single request (0; -1 for p10cr per RFC 9483 §4.1.4). */
  readonly certReqId: number;
  /** DER Name of the CA (recipient of our messages). */
  readonly recipient: Uint8Array;
}

/** A request ready to send, with the transaction state after sending it. */
export interface BuiltCmpRequest {
  /** DER PKIMessage to POST as application/pkixcmp (RFC 9811 §3). */
  readonly der: Uint8Array;
  readonly transaction: CmpTransaction;
}

export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}
