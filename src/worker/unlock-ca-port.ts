/**
 * CMP exchanges of the unlock service with the CA (issue 10 §4): one POST (RFC 9811) and the response checked
 * against the pinned CA CMP certificate before anything is read from it (RFC 9483 §3.5). A transient transfer
 * failure is reported, not retried here: the user presses again, and escrow re-sends are byte-identical.
 * Each POST has its own time limit (AbortSignal.timeout, review defect 11): a CA that never answers becomes a
 * retryable UnlockTransferError, never a job that hangs until the window gives up on the worker.
 */
import {
  postCmpMessage,
  verifyCmpResponse,
  type BuiltCmpRequest,
  type CmpTransaction,
  type TransferResult,
  type CmpOutcome,
} from '../shared/cmp';
import { UnlockTransferError } from '../flows/unlock';

export interface UnlockCaOptions {
  /** The CA's CMP endpoint, e.g. http://127.0.0.1:8080/.well-known/cmp */
  readonly caUrl: string;
  /** The issuing CA certificate: its subject is the CMP recipient; it chains the token's certificate. */
  readonly caCertificate: Uint8Array;
  /** Pinned signer of the CA's CMP responses. */
  readonly caCmpCertificate: Uint8Array;
  readonly fetch?: typeof fetch;
  /** Time limit of one POST (ms); default CA_REQUEST_TIMEOUT_MS. */
  readonly requestTimeoutMs?: number;
}

/** A CA that has not answered one CMP POST in this time is treated as unreachable for this run. */
export const CA_REQUEST_TIMEOUT_MS = 30_000;

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export async function exchangeWithCa(options: UnlockCaOptions, der: Uint8Array, transaction: CmpTransaction): Promise<CmpOutcome> {
  const sent: TransferResult = await postCmpMessage(options.caUrl, der, {
    transactionIdHex: hex(transaction.transactionId),
    signal: AbortSignal.timeout(options.requestTimeoutMs ?? CA_REQUEST_TIMEOUT_MS),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (sent.kind !== 'response') throw new UnlockTransferError(sent.status, sent.kind === 'retry', `the CA did not answer: ${sent.reason}`);
  return verifyCmpResponse(sent.der, { transaction, caCmpCertificate: options.caCmpCertificate, purpose: 'unlock' });
}

export const exchangeRequest = (options: UnlockCaOptions, request: BuiltCmpRequest): Promise<CmpOutcome> =>
  exchangeWithCa(options, request.der, request.transaction);
