/**
 * Reads the response envelope (issue 9 §1) from the portal's request body: size limits first, then strict JSON
 * (duplicate keys refused), exact key set, strict base64. Returns bytes; nothing here is trusted yet.
 */
import {
  isSignInAlg,
  base64ToBytes,
  base64UrlToBytes,
  ENVELOPE_FORMAT,
  ENVELOPE_VERSION,
  Base64FormatError,
  type SignInAlg,
} from '../../shared/signin';
import { LoginVerificationError } from './errors';
import { base64Length, base64UrlLength, LIMITS } from './limits';
import { parseStrictJson, StrictJsonError, type JsonValue } from './strict-json';

export interface DecodedEnvelope {
  readonly alg: SignInAlg;
  readonly clientData: Uint8Array;
  readonly signature: Uint8Array;
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
}

const ENVELOPE_KEYS = ['v', 'fmt', 'alg', 'clientDataJSON', 'signature', 'cert', 'chain'];

export function parseJsonOrThrow(text: string, what: string): JsonValue {
  try {
    return parseStrictJson(text);
  } catch (cause) {
    if (!(cause instanceof StrictJsonError)) throw cause;
    const code = cause.problem === 'duplicate-key' ? 'DUPLICATE_KEY' : 'MALFORMED';
    throw new LoginVerificationError(code, `${what}: ${cause.message}`, { cause });
  }
}

function decodeField(value: JsonValue | undefined, field: string, maxBytes: number, url: boolean): Uint8Array {
  if (typeof value !== 'string') throw new LoginVerificationError('MALFORMED', `${field} must be a string`);
  if (value.length > (url ? base64UrlLength(maxBytes) : base64Length(maxBytes))) {
    throw new LoginVerificationError('OVERSIZE', `${field} is larger than ${maxBytes} bytes`);
  }
  try {
    return url ? base64UrlToBytes(value) : base64ToBytes(value);
  } catch (cause) {
    if (!(cause instanceof Base64FormatError)) throw cause;
    throw new LoginVerificationError('MALFORMED', `${field}: ${cause.message}`, { cause });
  }
}

/** `response`: the request body as text (preferred: duplicate keys are detectable) or as parsed JSON. */
export function decodeEnvelope(response: unknown): DecodedEnvelope {
  let value: JsonValue;
  if (typeof response === 'string') {
    if (response.length > LIMITS.envelopeChars) throw new LoginVerificationError('OVERSIZE', 'envelope is too large');
    value = parseJsonOrThrow(response, 'envelope');
  } else {
    // Already parsed by the caller: measure it the same way, and it must survive a JSON round trip unchanged.
    let text: string | undefined;
    try {
      text = JSON.stringify(response);
    } catch (cause) {
      throw new LoginVerificationError('MALFORMED', 'envelope is not JSON data', { cause });
    }
    if (text === undefined) throw new LoginVerificationError('MALFORMED', 'envelope is not JSON data');
    if (text.length > LIMITS.envelopeChars) throw new LoginVerificationError('OVERSIZE', 'envelope is too large');
    value = parseJsonOrThrow(text, 'envelope');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoginVerificationError('MALFORMED', 'envelope must be a JSON object');
  }
  const keys = Object.keys(value);
  const unknown = keys.find((k) => !ENVELOPE_KEYS.includes(k));
  if (unknown !== undefined) throw new LoginVerificationError('MALFORMED', `envelope has an unknown field ${unknown}`);
  if (value.v !== ENVELOPE_VERSION) throw new LoginVerificationError('UNSUPPORTED_VERSION', 'envelope version must be 1');
  if (value.fmt !== ENVELOPE_FORMAT) throw new LoginVerificationError('UNSUPPORTED_VERSION', 'envelope format must be "raw"');
  if (!isSignInAlg(value.alg)) throw new LoginVerificationError('ALG_NOT_ALLOWED', `alg ${JSON.stringify(value.alg ?? null)} is not allowed`);
  const chain = value.chain;
  if (!Array.isArray(chain)) throw new LoginVerificationError('MALFORMED', 'chain must be an array');
  if (chain.length > LIMITS.chainLength) throw new LoginVerificationError('OVERSIZE', `chain has more than ${LIMITS.chainLength} certificates`);
  return {
    alg: value.alg,
    clientData: decodeField(value.clientDataJSON, 'clientDataJSON', LIMITS.clientDataBytes, true),
    signature: decodeField(value.signature, 'signature', LIMITS.signatureBytes, true),
    certificate: decodeField(value.cert, 'cert', LIMITS.certificateBytes, false),
    chain: chain.map((c, i) => decodeField(c, `chain[${i}]`, LIMITS.certificateBytes, false)),
  };
}
