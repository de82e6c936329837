/**
 * The signed payload "ukey.get" version 1 (issue 9 §1, fixed byte for byte): UTF-8 JSON without whitespace,
 * keys in a fixed order, strings escaped as WebAuthn's CCDToString (WebAuthn L3 §5.8.1.2). The first four
 * fields follow CollectedClientData's order so a verifier can check them as a byte prefix (§5.8.1.3
 * "limited verification") before it parses anything.
 */
import { base64UrlToBytes } from './base64';
import { Base64FormatError, ClientDataError } from './errors';

export const CLIENT_DATA_TYPE = 'ukey.get';
export const CHALLENGE_MIN_BYTES = 16;
export const CHALLENGE_MAX_BYTES = 64;
/** rpData limit, counted in Unicode code points. */
export const RP_DATA_MAX_CHARS = 256;

export interface ClientDataFields {
  /** base64url (unpadded) of 16–64 random bytes from the portal's server. */
  readonly challenge: string;
  /** The requesting origin as the browser reported it (MessageEvent.origin). */
  readonly origin: string;
  /** Unix seconds when the app built the payload. */
  readonly iat: number;
  /** base64url SHA-256 of the signer certificate's DER. */
  readonly certHash: string;
  /** "<app origin>/v1". */
  readonly agent: string;
  readonly rpData?: string;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** CCDToString: `"`, then each code point as UTF-8 except `"` → `\"`, `\` → `\\`, controls → `\u00xx`. */
export function ccdToString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += '\\\\';
    else if (cp < 0x20) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** True when `challenge` is canonical base64url of 16–64 bytes. */
export function isValidChallenge(challenge: string): boolean {
  try {
    const length = base64UrlToBytes(challenge).length;
    return length >= CHALLENGE_MIN_BYTES && length <= CHALLENGE_MAX_BYTES;
  } catch (error) {
    if (error instanceof Base64FormatError) return false;
    throw error;
  }
}

export function isValidRpData(rpData: string): boolean {
  return !LONE_SURROGATE.test(rpData) && [...rpData].length <= RP_DATA_MAX_CHARS;
}

/** The first four fields exactly as the bytes must begin (no closing brace). */
export function clientDataPrefix(challenge: string, origin: string): string {
  return `{"type":${ccdToString(CLIENT_DATA_TYPE)},"challenge":${ccdToString(challenge)},"origin":${ccdToString(origin)},"crossOrigin":false`;
}

function check(fields: ClientDataFields): void {
  if (!isValidChallenge(fields.challenge)) throw new ClientDataError('challenge', 'challenge must be base64url of 16–64 bytes');
  for (const [name, value] of [['origin', fields.origin], ['certHash', fields.certHash], ['agent', fields.agent]] as const) {
    if (value.length === 0 || LONE_SURROGATE.test(value)) throw new ClientDataError(name, `${name} must be a non-empty well-formed string`);
  }
  if (!Number.isSafeInteger(fields.iat) || fields.iat < 0) throw new ClientDataError('iat', 'iat must be whole non-negative seconds');
  if (fields.rpData !== undefined && !isValidRpData(fields.rpData)) {
    throw new ClientDataError('rpData', `rpData must be well-formed and at most ${RP_DATA_MAX_CHARS} characters`);
  }
}

/** The clientDataJSON text; throws ClientDataError on values v1 cannot carry. */
export function buildClientDataJson(fields: ClientDataFields): string {
  check(fields);
  const rest = `,"iat":${fields.iat},"certHash":${ccdToString(fields.certHash)},"agent":${ccdToString(fields.agent)}`;
  const rpData = fields.rpData === undefined ? '' : `,"rpData":${ccdToString(fields.rpData)}`;
  return `${clientDataPrefix(fields.challenge, fields.origin)}${rest}${rpData}}`;
}

/** The exact bytes the token signs. */
export function encodeClientData(fields: ClientDataFields): Uint8Array {
  return new TextEncoder().encode(buildClientDataJson(fields));
}

/** Byte-for-byte check of the fixed prefix for an expected challenge and origin. */
export function hasClientDataPrefix(bytes: Uint8Array, challenge: string, origin: string): boolean {
  const prefix = new TextEncoder().encode(clientDataPrefix(challenge, origin));
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
