/**
 * The postMessage protocol between a portal page (the opener) and the app's sign popup (issue 9 §2):
 * popup → opener `hello`; opener → popup one `request`; popup → opener `result` or `error`, sent only to the
 * origin the request came from. Plain data, safe for structured clone.
 */
import type { SignInEnvelope } from './envelope';

export const PROTOCOL_VERSION = 1;

export const MESSAGE_TYPES = {
  hello: 'ukey:hello',
  request: 'ukey:get',
  result: 'ukey:result',
  error: 'ukey:error',
} as const;

/**
 * Codes a portal can show. BAD_REQUEST (a request that fails validation) is ours beyond the list so a
 * portal developer sees the mistake instead of a timeout.
 */
export const SIGN_IN_ERROR_CODES = [
  'USER_CANCELLED',
  'NO_TOKEN',
  'PIN_BLOCKED',
  'UNSUPPORTED_TOKEN',
  'ORIGIN_REFUSED',
  'TIMEOUT',
  'BAD_REQUEST',
] as const;
export type SignInErrorCode = (typeof SIGN_IN_ERROR_CODES)[number];

/** Which certificates may answer: all given conditions must hold. */
export interface CertFilter {
  /** Case-insensitive substring of the issuer DN (RFC 4514 text) or of any issuer attribute value. */
  readonly issuer?: string;
  /** Dotted OID that must be among the certificate's policies (RFC 5280 §4.2.1.4). */
  readonly policyOid?: string;
}

export interface HelloMessage {
  readonly t: typeof MESSAGE_TYPES.hello;
  readonly v: typeof PROTOCOL_VERSION;
}

export interface SignRequestMessage {
  readonly t: typeof MESSAGE_TYPES.request;
  readonly v: typeof PROTOCOL_VERSION;
  readonly challenge: string;
  readonly rpData?: string;
  readonly certFilter?: CertFilter;
}

export interface ResultMessage {
  readonly t: typeof MESSAGE_TYPES.result;
  readonly v: typeof PROTOCOL_VERSION;
  readonly envelope: SignInEnvelope;
}

export interface ErrorMessage {
  readonly t: typeof MESSAGE_TYPES.error;
  readonly v: typeof PROTOCOL_VERSION;
  readonly code: SignInErrorCode;
}

export type PopupMessage = HelloMessage | ResultMessage | ErrorMessage;

export const helloMessage = (): HelloMessage => ({ t: MESSAGE_TYPES.hello, v: PROTOCOL_VERSION });
export const resultMessage = (envelope: SignInEnvelope): ResultMessage => ({ t: MESSAGE_TYPES.result, v: PROTOCOL_VERSION, envelope });
export const errorMessage = (code: SignInErrorCode): ErrorMessage => ({ t: MESSAGE_TYPES.error, v: PROTOCOL_VERSION, code });

export const isSignInErrorCode = (value: unknown): value is SignInErrorCode =>
  typeof value === 'string' && (SIGN_IN_ERROR_CODES as readonly string[]).includes(value);
