/**
 * Errors the CMP layer raises on purpose, registered so they cross the worker boundary with their fields
 * (src/shared/errors/error-registry.ts). The guide is the renewal one unless the message is part of unlock.
 */
import { registerError } from '../errors/error-registry';
import { UKeyError } from '../errors/ukey-error';
import type { GuideId } from '../errors/guide-ids';
import './error-texts';

/** Bytes that are not a CMP/CRMF structure we can read. `what` names the structure ("PKIMessage", "kur", …). */
export class CmpDecodeError extends UKeyError {
  override readonly name = 'CmpDecodeError';
  readonly guideId: GuideId = 'renewal-rules';
  readonly what: string;

  constructor(what: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.what = what;
  }

  override toFields(): Record<string, string> {
    return { what: this.what };
  }
}
registerError('CmpDecodeError', (message, fields) => new CmpDecodeError(String(fields.what ?? ''), message));

/** Why a CA response was not accepted by the client (RFC 9810 §5.1.3, RFC 9483 §3.5 checks). */
export type CmpCheck =
  | 'unprotected'
  | 'untrusted-signer'
  | 'bad-protection'
  | 'transaction-id'
  | 'recip-nonce'
  | 'unexpected-body'
  | 'cert-req-id'
  | 'public-key'
  | 'subject'
  | 'chain'
  | 'missing-certificate';

/** A CA response that failed one of our checks: never acted upon. */
export class CmpVerificationError extends UKeyError {
  override readonly name = 'CmpVerificationError';
  readonly guideId: GuideId = 'renewal-rules';
  readonly check: CmpCheck;

  constructor(check: CmpCheck, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.check = check;
  }

  override toFields(): Record<string, string> {
    return { check: this.check };
  }
}
registerError('CmpVerificationError', (message, fields) => new CmpVerificationError(String(fields.check ?? 'bad-protection') as CmpCheck, message));

/**
 * The CA refused (PKIStatus rejection, or an error message): `failInfo` names the RFC 9810 §5.2.3 bits and
 * `reason` is the CA's own text (PKIFreeText), shown to the user as is.
 */
export class CmpRejectedError extends UKeyError {
  override readonly name = 'CmpRejectedError';
  readonly guideId: GuideId;
  readonly failInfo: readonly string[];
  readonly reason: string;

  constructor(failInfo: readonly string[], reason: string, guideId: GuideId = 'renewal-rules') {
    super(`CA rejected the request: ${failInfo.join(', ') || 'no failInfo'}${reason ? ` (${reason})` : ''}`);
    this.failInfo = failInfo;
    this.reason = reason;
    this.guideId = guideId;
  }

  override toFields(): Record<string, string> {
    return { failInfo: this.failInfo.join(','), reason: this.reason, guideId: this.guideId };
  }
}
registerError('CmpRejectedError', (_message, fields) => {
  const failInfo = String(fields.failInfo ?? '').split(',').filter((s) => s !== '');
  return new CmpRejectedError(failInfo, String(fields.reason ?? ''), fields.guideId === 'unlock' ? 'unlock' : 'renewal-rules');
});
