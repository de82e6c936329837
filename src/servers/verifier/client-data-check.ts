/**
 * Checks the signed clientDataJSON bytes (issue 9 §1, §4) the way WebAuthn L3 §5.8.1.3 suggests: the first four
 * fields as a byte template built from expected values, then the rest with a duplicate-refusing parser, and
 * finally the whole text must be exactly what a v1 app writes (key order, no whitespace, CCDToString escaping).
 */
import { buildClientDataJson, CLIENT_DATA_TYPE, hasClientDataPrefix, isValidChallenge, isValidRpData } from '../../shared/signin';
import { LoginVerificationError } from './errors';
import { parseJsonOrThrow } from './envelope-parser';

export interface CheckedClientData {
  readonly challenge: string;
  readonly origin: string;
  readonly iat: number;
  readonly certHash: string;
  readonly agent: string;
  readonly rpData?: string;
}

const V1_KEYS = ['type', 'challenge', 'origin', 'crossOrigin', 'iat', 'certHash', 'agent'];
const CERT_HASH = /^[A-Za-z0-9_-]{43}$/;

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new LoginVerificationError('MALFORMED', 'clientDataJSON is not UTF-8', { cause });
  }
}

export function checkClientData(bytes: Uint8Array, expectedOrigins: readonly string[]): CheckedClientData {
  const text = decodeUtf8(bytes);
  const value = parseJsonOrThrow(text, 'clientDataJSON');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoginVerificationError('MALFORMED', 'clientDataJSON must be a JSON object');
  }
  // Domain separation first: a WebAuthn assertion or another ukey.* payload is never a v1 login.
  if (value.type !== CLIENT_DATA_TYPE) throw new LoginVerificationError('TYPE_MISMATCH', `type must be "${CLIENT_DATA_TYPE}"`);
  const { challenge, origin } = value;
  if (typeof challenge !== 'string' || !isValidChallenge(challenge)) {
    throw new LoginVerificationError('MALFORMED', 'challenge must be base64url of 16–64 bytes');
  }
  if (typeof origin !== 'string' || !expectedOrigins.includes(origin)) {
    throw new LoginVerificationError('ORIGIN_MISMATCH', `origin ${JSON.stringify(origin)} is not an expected origin`);
  }
  if (value.crossOrigin !== false || 'topOrigin' in value) {
    throw new LoginVerificationError('CROSS_ORIGIN', 'the payload must be made for a top-level, same-origin request');
  }
  if (!hasClientDataPrefix(bytes, challenge, origin)) {
    throw new LoginVerificationError('PREFIX_MISMATCH', 'the first four fields are not the v1 byte template');
  }
  const keys = Object.keys(value);
  const expectedKeys = 'rpData' in value ? [...V1_KEYS, 'rpData'] : V1_KEYS;
  if (keys.length !== expectedKeys.length || keys.some((k, i) => k !== expectedKeys[i])) {
    throw new LoginVerificationError('MALFORMED', 'clientDataJSON keys are not the v1 set in v1 order');
  }
  const { iat, certHash, agent, rpData } = value;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) throw new LoginVerificationError('MALFORMED', 'iat must be whole seconds');
  if (typeof certHash !== 'string' || !CERT_HASH.test(certHash)) throw new LoginVerificationError('MALFORMED', 'certHash must be base64url SHA-256');
  if (typeof agent !== 'string' || !agent.endsWith('/v1')) throw new LoginVerificationError('MALFORMED', 'agent must end with /v1');
  if (rpData !== undefined && (typeof rpData !== 'string' || !isValidRpData(rpData))) {
    throw new LoginVerificationError('MALFORMED', 'rpData must be at most 256 characters');
  }
  const fields: CheckedClientData = { challenge, origin, iat, certHash, agent, ...(rpData === undefined ? {} : { rpData }) };
  let canonical: string;
  try {
    canonical = buildClientDataJson(fields);
  } catch (cause) {
    throw new LoginVerificationError('MALFORMED', 'clientDataJSON fields cannot form a v1 payload', { cause });
  }
  if (canonical !== text) throw new LoginVerificationError('MALFORMED', 'clientDataJSON is not in the v1 canonical form');
  return fields;
}
