/**
 * What the app's sign popup must check before it shows anything (issue 9 §2): who may ask (the opener, a
 * top-level window on an https origin, or http://localhost / 127.0.0.1 in development; never "null"), and what
 * a request may contain (challenge 16–64 bytes base64url, rpData ≤ 256 characters, a certFilter of known shape).
 */
import { isValidChallenge, isValidRpData } from './client-data';
import { SignRequestError } from './errors';
import { MESSAGE_TYPES, PROTOCOL_VERSION, type CertFilter, type SignInErrorCode, type SignRequestMessage } from './protocol';

const DEV_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const DOTTED_OID = /^[0-2](\.(0|[1-9]\d{0,9})){1,30}$/;
const ISSUER_FILTER_MAX = 256;
const REQUEST_KEYS = new Set(['t', 'v', 'challenge', 'rpData', 'certFilter']);
const FILTER_KEYS = new Set(['issuer', 'policyOid']);

/**
 * True for a serialized origin (HTML §7.1.1) the app answers: https, or http on a loopback host. "null"
 * (sandboxed frames, file:, data:) is refused: the reply could not be addressed to it and it names no site.
 */
export function isAcceptableRequesterOrigin(origin: string): boolean {
  if (origin === 'null' || origin.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false; // not a serialized origin (path, userinfo, trailing slash, case)
  return url.protocol === 'https:' || (url.protocol === 'http:' && DEV_HOSTS.has(url.hostname));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function parseCertFilter(value: unknown): CertFilter {
  if (!isPlainObject(value)) throw new SignRequestError('bad-cert-filter', 'certFilter must be an object');
  for (const key of Object.keys(value)) {
    if (!FILTER_KEYS.has(key)) throw new SignRequestError('bad-cert-filter', `certFilter has an unknown field ${key}`);
  }
  const { issuer, policyOid } = value;
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > ISSUER_FILTER_MAX)) {
    throw new SignRequestError('bad-cert-filter', `certFilter.issuer must be 1–${ISSUER_FILTER_MAX} characters`);
  }
  if (policyOid !== undefined && (typeof policyOid !== 'string' || !DOTTED_OID.test(policyOid))) {
    throw new SignRequestError('bad-cert-filter', 'certFilter.policyOid must be a dotted OID');
  }
  return { ...(issuer === undefined ? {} : { issuer }), ...(policyOid === undefined ? {} : { policyOid }) };
}

/** Validates `MessageEvent.data` as a request; SignRequestError says what is wrong. */
export function parseSignRequest(data: unknown): SignRequestMessage {
  if (!isPlainObject(data)) throw new SignRequestError('not-an-object', 'request must be a plain object');
  if (data.t !== MESSAGE_TYPES.request) throw new SignRequestError('wrong-type', `request type must be ${MESSAGE_TYPES.request}`);
  if (data.v !== PROTOCOL_VERSION) throw new SignRequestError('wrong-version', `request version must be ${PROTOCOL_VERSION}`);
  for (const key of Object.keys(data)) {
    if (!REQUEST_KEYS.has(key)) throw new SignRequestError('unknown-field', `request has an unknown field ${key}`);
  }
  const { challenge, rpData, certFilter } = data;
  if (typeof challenge !== 'string' || !isValidChallenge(challenge)) {
    throw new SignRequestError('bad-challenge', 'challenge must be base64url of 16–64 bytes');
  }
  if (rpData !== undefined && (typeof rpData !== 'string' || !isValidRpData(rpData))) {
    throw new SignRequestError('bad-rp-data', 'rpData must be a string of at most 256 characters');
  }
  return {
    t: MESSAGE_TYPES.request,
    v: PROTOCOL_VERSION,
    challenge,
    ...(rpData === undefined ? {} : { rpData }),
    ...(certFilter === undefined ? {} : { certFilter: parseCertFilter(certFilter) }),
  };
}

/** What the popup knows about one incoming MessageEvent. */
export interface IncomingRequestEvent {
  readonly data: unknown;
  /** MessageEvent.origin. */
  readonly origin: string;
  /** event.source === window.opener (and the opener is not null). */
  readonly fromOpener: boolean;
  /** The sender is a top-level window: event.source.top === event.source. */
  readonly senderIsTopLevel: boolean;
  /** A request was already accepted in this popup. */
  readonly alreadyHandled: boolean;
}

export type RequestVerdict =
  | { readonly accept: true; readonly request: SignRequestMessage; readonly origin: string }
  /** `reply`: the code to send to `event.origin`, or null to stay silent (no one to answer safely). */
  | { readonly accept: false; readonly reason: string; readonly reply: SignInErrorCode | null };

/**
 * The popup's gate: one request per popup, from the opener only, top-level, from an acceptable origin. Anything
 * else gets no answer at all, except a refused origin or a malformed request from the genuine opener.
 */
export function judgeSignRequest(event: IncomingRequestEvent): RequestVerdict {
  if (event.alreadyHandled) return { accept: false, reason: 'a request was already accepted in this popup', reply: null };
  if (!event.fromOpener) return { accept: false, reason: 'message is not from the window that opened the popup', reply: null };
  if (event.origin === 'null') return { accept: false, reason: 'opaque origin "null"', reply: null };
  if (!event.senderIsTopLevel) return { accept: false, reason: 'requester is a frame, not a top-level page', reply: 'ORIGIN_REFUSED' };
  if (!isAcceptableRequesterOrigin(event.origin)) {
    return { accept: false, reason: `origin ${event.origin} is neither https nor a local development origin`, reply: 'ORIGIN_REFUSED' };
  }
  try {
    return { accept: true, request: parseSignRequest(event.data), origin: event.origin };
  } catch (error) {
    if (error instanceof SignRequestError) return { accept: false, reason: error.message, reply: 'BAD_REQUEST' };
    throw error;
  }
}
