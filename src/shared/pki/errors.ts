/**
 * Errors the certificate layer raises on purpose. Each is registered so that it crosses the worker boundary
 * with its class and fields (src/shared/errors/error-registry.ts).
 */
import { registerError } from '../errors/error-registry';
import { UKeyError } from '../errors/ukey-error';
import type { GuideId } from '../errors/guide-ids';
import './error-texts';

/** Bytes that are not a certificate (or certificate bundle) we can read. */
export class CertificateParseError extends UKeyError {
  override readonly name = 'CertificateParseError';
  readonly guideId: GuideId = 'certificate-unreadable';
  /** What was being read: "certificate", "bundle", "crl", "public-key", … */
  readonly what: string;

  constructor(what: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.what = what;
  }

  override toFields(): Record<string, string> {
    return { what: this.what };
  }
}
registerError('CertificateParseError', (message, fields) => new CertificateParseError(String(fields.what ?? ''), message));

/** A signature or key algorithm the registry does not know (verification result would be a guess). */
export class UnsupportedAlgorithmError extends UKeyError {
  override readonly name = 'UnsupportedAlgorithmError';
  readonly guideId: GuideId = 'certificate-unreadable';
  readonly oid: string;

  constructor(oid: string, message: string) {
    super(message);
    this.oid = oid;
  }

  override toFields(): Record<string, string> {
    return { oid: this.oid };
  }
}
registerError('UnsupportedAlgorithmError', (message, fields) => new UnsupportedAlgorithmError(String(fields.oid ?? ''), message));

/** A CRL that cannot be used: unreadable, or its signature does not verify with the issuer's key. */
export class CrlError extends UKeyError {
  override readonly name = 'CrlError';
  readonly guideId: GuideId = 'revocation-unknown';
  readonly reason: 'unreadable' | 'bad-signature' | 'fetch-failed';

  constructor(reason: 'unreadable' | 'bad-signature' | 'fetch-failed', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }

  override toFields(): Record<string, string> {
    return { reason: this.reason };
  }
}
registerError('CrlError', (message, fields) => {
  const reason = fields.reason === 'bad-signature' || fields.reason === 'fetch-failed' ? fields.reason : 'unreadable';
  return new CrlError(reason, message);
});

/** A file offered as a trusted CA certificate that cannot be one: unreadable, or only end-entity certificates. */
export class CaImportError extends UKeyError {
  override readonly name = 'CaImportError';
  readonly guideId: GuideId = 'certificate-unreadable';
  readonly reason: 'unreadable' | 'not-a-ca';

  constructor(reason: 'unreadable' | 'not-a-ca', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }

  override toFields(): Record<string, string> {
    return { reason: this.reason };
  }
}
registerError('CaImportError', (message, fields) => new CaImportError(fields.reason === 'not-a-ca' ? 'not-a-ca' : 'unreadable', message));
