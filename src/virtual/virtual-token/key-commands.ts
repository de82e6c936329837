/**
 * Commands that create slot keys: GENERATE ASYMMETRIC KEY PAIR (SP 800-73-4 Part 2 §3.3.2) and the YubiKey
 * IMPORT KEY extension. Both need management-key authentication first (Part 2 Table 5 access rules).
 */
import { Algorithm, TAG } from './piv-tables';
import { findTlv, readTlvs, tlv } from './card-codec';
import type { CardContext, CommandHandler } from './card-context';
import { KeyOrigin, PinPolicy, TouchPolicy, type SlotKey } from './card-state';
import { reject } from './card-status';
import { SW } from './status-words';
import { EC_ALGORITHMS, RSA_ALGORITHMS, ecJwkFromScalar, generateKey, publicKeyTemplateContent, rsaJwkFromPrimes } from './slot-crypto';

/** Slots that take a private key: 9A 9C 9D 9E and retired 82..95. */
export function isKeySlot(slot: number): boolean {
  return slot === 0x9a || slot === 0x9c || slot === 0x9d || slot === 0x9e || (slot >= 0x82 && slot <= 0x95);
}

function requireAdmin(context: CardContext): void {
  if (!context.session.managementKeyAuthenticated) reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'management key');
}

function policy(value: Uint8Array | undefined, valid: Record<string, number>, context: CardContext): number {
  if (value === undefined) return 0;
  // AA/AB are Yubico's tags; SP 800-73-4 Part 2 Table 10 has no policy in the control reference template.
  if (!context.policyTags) return reject(SW.INCORRECT_DATA, 'policy tags not supported');
  if (value.length !== 1 || !Object.values(valid).includes(value[0]!)) return reject(SW.INCORRECT_DATA, 'policy');
  return value[0]!;
}

export const generateKeyPair: CommandHandler = async (command, context) => {
  if (command.p1 !== 0x00 || !isKeySlot(command.p2)) reject(SW.INCORRECT_P1P2, 'not a key slot');
  requireAdmin(context);
  const outer = readTlvs(command.data);
  const crt = findTlv(outer, TAG.CONTROL_REFERENCE_TEMPLATE);
  if (!crt) return reject(SW.INCORRECT_DATA, 'expected an AC template');
  const items = readTlvs(crt);
  const algorithm = findTlv(items, TAG.CRT_ALGORITHM);
  if (!algorithm || algorithm.length !== 1) return reject(SW.INCORRECT_DATA, 'algorithm');
  const alg = algorithm[0]!;
  if (!RSA_ALGORITHMS.has(alg) && !EC_ALGORITHMS.has(alg)) return reject(SW.INCORRECT_P1P2, 'algorithm not supported');
  const key: SlotKey = {
    algorithm: alg,
    jwk: await generateKey(alg),
    pinPolicy: policy(findTlv(items, TAG.CRT_PIN_POLICY), PinPolicy, context),
    touchPolicy: policy(findTlv(items, TAG.CRT_TOUCH_POLICY), TouchPolicy, context),
    origin: KeyOrigin.GENERATED,
  };
  context.state.keys.set(command.p2, key);
  context.changed();
  return tlv(TAG.PUBLIC_KEY_TEMPLATE, publicKeyTemplateContent(key.jwk));
};

/** IMPORT KEY tags (Yubico PIV extension): RSA p q dp dq qinv, or the EC private scalar. */
const IMPORT_TAG = { P: 0x01, Q: 0x02, EC_SCALAR: 0x06 } as const;

export const importKey: CommandHandler = (command, context) => {
  if (!isKeySlot(command.p2)) reject(SW.INCORRECT_P1P2, 'not a key slot');
  requireAdmin(context);
  const items = readTlvs(command.data);
  const alg = command.p1;
  let jwk: JsonWebKey;
  const bits = RSA_ALGORITHMS.get(alg);
  if (bits) {
    const p = findTlv(items, IMPORT_TAG.P);
    const q = findTlv(items, IMPORT_TAG.Q);
    if (!p || !q || p.length > bits / 16 || q.length > bits / 16) return reject(SW.INCORRECT_DATA, 'RSA primes');
    jwk = rsaJwkFromPrimes(p, q, bits);
  } else if (alg === Algorithm.ECC_P256 || alg === Algorithm.ECC_P384) {
    const scalar = findTlv(items, IMPORT_TAG.EC_SCALAR);
    if (!scalar) return reject(SW.INCORRECT_DATA, 'EC scalar');
    jwk = ecJwkFromScalar(alg, scalar);
  } else {
    return reject(SW.INCORRECT_P1P2, 'algorithm not supported');
  }
  context.state.keys.set(command.p2, {
    algorithm: alg,
    jwk,
    pinPolicy: policy(findTlv(items, TAG.CRT_PIN_POLICY), PinPolicy, context),
    touchPolicy: policy(findTlv(items, TAG.CRT_TOUCH_POLICY), TouchPolicy, context),
    origin: KeyOrigin.IMPORTED,
  });
  context.changed();
  return new Uint8Array(0);
};
