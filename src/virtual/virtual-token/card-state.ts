/**
 * The persistent state of the emulated PIV card — what survives power-off and is saved to the state file:
 * PIN/PUK verifiers (never the values) and their counters, the management key, the slot keys (JWK) and the data objects.
 */
import { InvalidCardStateError } from './errors';
import { Algorithm, FACTORY_DEFAULTS, PIN_MAX_LENGTH, PIN_PAD_BYTE } from './piv-tables';
import { hex } from './card-codec';
import { EC_ALGORITHMS, RSA_ALGORITHMS } from './slot-crypto';
import { factoryVerifier, makeVerifier, type PinVerifier } from './pin-verifier';

export { InvalidCardStateError };

/** YubiKey PIN policy byte values (GENERATE tag AA, GET METADATA tag 02). */
export const PinPolicy = { DEFAULT: 0x00, NEVER: 0x01, ONCE: 0x02, ALWAYS: 0x03 } as const;
export const TouchPolicy = { DEFAULT: 0x00, NEVER: 0x01, ALWAYS: 0x02, CACHED: 0x03 } as const;
/** GET METADATA tag 03: where a slot key came from. */
export const KeyOrigin = { GENERATED: 0x01, IMPORTED: 0x02 } as const;

export interface SlotKey {
  readonly algorithm: number;
  /** Private key as a JWK (RSA: n e d p q dp dq qi; EC: crv x y d). */
  readonly jwk: JsonWebKey;
  readonly pinPolicy: number;
  readonly touchPolicy: number;
  readonly origin: number;
}

export interface CardState {
  /** Verifiers of the reference data padded with FF to 8 bytes (SP 800-73-4 Part 2 §2.4.3) — never the value. */
  pin: PinVerifier;
  puk: PinVerifier;
  pinRetriesTotal: number;
  pinRetriesLeft: number;
  pukRetriesTotal: number;
  pukRetriesLeft: number;
  managementKeyAlgorithm: number;
  managementKey: Uint8Array;
  serial: number;
  keys: Map<number, SlotKey>;
  objects: Map<number, Uint8Array>;
}


export function padPin(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(PIN_MAX_LENGTH).fill(PIN_PAD_BYTE);
  out.set(bytes.subarray(0, PIN_MAX_LENGTH));
  return out;
}

export function fromHexStrict(text: unknown, field: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 2 !== 0 || /[^0-9a-fA-F]/.test(text)) {
    throw new InvalidCardStateError(field);
  }
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export interface CardStateOptions {
  pinRetries?: number;
  pukRetries?: number;
  serial?: number;
}

export function factoryState(options: CardStateOptions = {}): CardState {
  const pinRetries = options.pinRetries ?? FACTORY_DEFAULTS.PIN_RETRIES;
  const pukRetries = options.pukRetries ?? FACTORY_DEFAULTS.PUK_RETRIES;
  return {
    pin: factoryVerifier(padPin(FACTORY_DEFAULTS.PIN)),
    puk: factoryVerifier(padPin(FACTORY_DEFAULTS.PUK)),
    pinRetriesTotal: pinRetries,
    pinRetriesLeft: pinRetries,
    pukRetriesTotal: pukRetries,
    pukRetriesLeft: pukRetries,
    managementKeyAlgorithm: Algorithm.TDES,
    managementKey: fromHexStrict(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX, 'managementKey'),
    serial: options.serial ?? 0x01c0ffee,
    keys: new Map(),
    objects: new Map(),
  };
}

export interface CardStateJson {
  readonly format: 'ukey-virtual-piv/1';
  readonly pin: PinVerifierJson;
  readonly puk: PinVerifierJson;
  readonly pinRetriesTotal: number;
  readonly pinRetriesLeft: number;
  readonly pukRetriesTotal: number;
  readonly pukRetriesLeft: number;
  readonly managementKeyAlgorithm: number;
  readonly managementKey: string;
  readonly serial: number;
  readonly keys: Record<string, SlotKey>;
  readonly objects: Record<string, string>;
}

export function stateToJson(state: CardState): CardStateJson {
  return {
    format: 'ukey-virtual-piv/1',
    pin: verifierToJson(state.pin),
    puk: verifierToJson(state.puk),
    pinRetriesTotal: state.pinRetriesTotal,
    pinRetriesLeft: state.pinRetriesLeft,
    pukRetriesTotal: state.pukRetriesTotal,
    pukRetriesLeft: state.pukRetriesLeft,
    managementKeyAlgorithm: state.managementKeyAlgorithm,
    managementKey: hex(state.managementKey),
    serial: state.serial,
    keys: Object.fromEntries([...state.keys].map(([slot, key]) => [slot.toString(16), key])),
    objects: Object.fromEntries([...state.objects].map(([id, value]) => [id.toString(16), hex(value)])),
  };
}

function int(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidCardStateError(field);
  }
  return value;
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidCardStateError(field);
  return value as Record<string, unknown>;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const JWK_FIELDS = { RSA: ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'], EC: ['x', 'y', 'd'] } as const;

/** Only the key material the card uses, each a base64url string; the curve must be one PIV knows. */
function jwkFromJson(value: unknown, field: string): JsonWebKey {
  const jwk = record(value, field);
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') throw new InvalidCardStateError(`${field}.kty`);
  if (jwk.kty === 'EC' && jwk.crv !== 'P-256' && jwk.crv !== 'P-384' && jwk.crv !== 'SM2') throw new InvalidCardStateError(`${field}.crv`);
  const out: Record<string, string> = { kty: jwk.kty };
  if (jwk.kty === 'EC') out.crv = jwk.crv as string;
  for (const name of JWK_FIELDS[jwk.kty]) {
    const v = jwk[name];
    if (typeof v !== 'string' || !B64URL.test(v)) throw new InvalidCardStateError(`${field}.${name}`);
    out[name] = v;
  }
  return out as JsonWebKey;
}

function slotKeyFromJson(value: unknown, field: string): SlotKey {
  const key = record(value, field);
  const algorithm = int(key.algorithm, `${field}.algorithm`, 0xff);
  const jwk = jwkFromJson(key.jwk, `${field}.jwk`);
  const fits = RSA_ALGORITHMS.has(algorithm) ? jwk.kty === 'RSA' : EC_ALGORITHMS.get(algorithm)?.crv === jwk.crv;
  if (!fits) throw new InvalidCardStateError(`${field}.algorithm`);
  return {
    algorithm,
    jwk,
    pinPolicy: int(key.pinPolicy, `${field}.pinPolicy`, 0xff),
    touchPolicy: int(key.touchPolicy, `${field}.touchPolicy`, 0xff),
    origin: int(key.origin, `${field}.origin`, 0xff),
  };
}

export function stateFromJson(input: unknown): CardState {
  const json = record(input, 'state');
  if (json.format !== 'ukey-virtual-piv/1') throw new InvalidCardStateError('format');
  const keys = new Map<number, SlotKey>();
  for (const [slot, key] of Object.entries(record(json.keys, 'keys'))) {
    keys.set(int(parseInt(slot, 16), `keys.${slot}`, 0xff), slotKeyFromJson(key, `keys.${slot}`));
  }
  const objects = new Map<number, Uint8Array>();
  for (const [id, value] of Object.entries(record(json.objects, 'objects'))) {
    objects.set(int(parseInt(id, 16), `objects.${id}`, 0xffffff), fromHexStrict(value, `objects.${id}`));
  }
  const pin = referenceFromJson(json.pin, 'pin');
  const puk = referenceFromJson(json.puk, 'puk');
  return {
    pin,
    puk,
    pinRetriesTotal: int(json.pinRetriesTotal, 'pinRetriesTotal', 0xff),
    pinRetriesLeft: int(json.pinRetriesLeft, 'pinRetriesLeft', 0xff),
    pukRetriesTotal: int(json.pukRetriesTotal, 'pukRetriesTotal', 0xff),
    pukRetriesLeft: int(json.pukRetriesLeft, 'pukRetriesLeft', 0xff),
    managementKeyAlgorithm: int(json.managementKeyAlgorithm, 'managementKeyAlgorithm', 0xff),
    managementKey: fromHexStrict(json.managementKey, 'managementKey'),
    serial: int(json.serial, 'serial', 0xffffffff),
    keys,
    objects,
  };
}

export interface PinVerifierJson {
  readonly salt: string;
  readonly iterations: number;
  readonly hash: string;
}

function verifierToJson(verifier: PinVerifier): PinVerifierJson {
  return { salt: hex(verifier.salt), iterations: verifier.iterations, hash: hex(verifier.hash) };
}

/** A verifier object; a legacy hex block (older state files) is turned into a verifier on load. */
function referenceFromJson(value: unknown, field: string): PinVerifier {
  if (typeof value === 'string') {
    const block = fromHexStrict(value, field);
    if (block.length !== PIN_MAX_LENGTH) throw new InvalidCardStateError(field);
    return makeVerifier(block);
  }
  const fields = record(value, field);
  const salt = fromHexStrict(fields.salt, `${field}.salt`);
  const hash = fromHexStrict(fields.hash, `${field}.hash`);
  if (salt.length < 8 || salt.length > 64) throw new InvalidCardStateError(`${field}.salt`);
  if (hash.length !== 32) throw new InvalidCardStateError(`${field}.hash`);
  const iterations = int(fields.iterations, `${field}.iterations`, 1_000_000);
  if (iterations < 1) throw new InvalidCardStateError(`${field}.iterations`);
  return { salt, iterations, hash };
}
