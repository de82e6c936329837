/**
 * GENERAL AUTHENTICATE (SP 800-73-4 Part 2 §3.2.4): `7C` dynamic authentication template. Key reference 9B
 * is management-key authentication; a key slot signs (`82 00 81 data`) or agrees a key (`82 00 85 point`).
 */
import { KEY_REF, Slot, TAG } from './piv-tables';
import { findTlv, readTlvs, tlv } from './card-codec';
import type { CardContext, CommandHandler } from './card-context';
import { PinPolicy, type SlotKey } from './card-state';
import { reject } from './card-status';
import { SW } from './status-words';
import { authenticateManagementKey } from './management-key';
import { EC_ALGORITHMS, RSA_ALGORITHMS, ecdh, ecdsaSign, rsaPrivate } from './slot-crypto';

/**
 * The policy a key is used under. An explicit policy (GENERATE / IMPORT tag AA) wins; a key made with the
 * "default" policy follows the card: "always" in `pinAlwaysSlots` (9C by default: the digital signature key,
 * SP 800-73-4 Part 1 §3.2 / YubiKey default), "never" for 9E card authentication, "once" elsewhere.
 */
export function effectivePinPolicy(slot: number, key: SlotKey, pinAlwaysSlots: ReadonlySet<number>): number {
  if (key.pinPolicy !== PinPolicy.DEFAULT) return key.pinPolicy;
  if (pinAlwaysSlots.has(slot)) return PinPolicy.ALWAYS;
  if (slot === Slot.CARD_AUTH) return PinPolicy.NEVER;
  return PinPolicy.ONCE;
}

function checkPin(slot: number, key: SlotKey, context: CardContext): void {
  const policy = effectivePinPolicy(slot, key, context.pinAlwaysSlots);
  if (policy === PinPolicy.NEVER) return;
  if (policy === PinPolicy.ALWAYS) {
    // The status VERIFY set was consumed by this command whatever it is (piv-card.ts clears it first).
    if (!context.pinJustVerified) reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'PIN-always key: VERIFY must come right before');
    return;
  }
  if (!context.session.pinVerified) reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'PIN not verified');
}

export const generalAuthenticate: CommandHandler = (command, context) => {
  const outer = readTlvs(command.data);
  const template = outer.length === 1 ? findTlv(outer, TAG.DYNAMIC_AUTH) : undefined;
  if (!template) return reject(SW.INCORRECT_DATA, 'expected one 7C template');
  const items = readTlvs(template);
  if (command.p2 === KEY_REF.MANAGEMENT_KEY) return authenticateManagementKey(command.p1, items, context);

  const key = context.state.keys.get(command.p2);
  if (!key) return reject(SW.FILE_NOT_FOUND, 'no key in this slot');
  if (key.algorithm !== command.p1) return reject(SW.INCORRECT_P1P2, 'algorithm does not match the key');
  const response = findTlv(items, TAG.AUTH_RESPONSE);
  const challenge = findTlv(items, TAG.AUTH_CHALLENGE);
  const exponentiation = findTlv(items, TAG.AUTH_EXPONENTIATION);
  if (!response || response.length !== 0) return reject(SW.INCORRECT_DATA, 'expected an empty 82');
  if (challenge && !exponentiation) {
    checkPin(command.p2, key, context);
    const signature = RSA_ALGORITHMS.has(key.algorithm) ? rsaPrivate(key.jwk, challenge) : ecdsaSign(key.jwk, challenge);
    return tlv(TAG.DYNAMIC_AUTH, tlv(TAG.AUTH_RESPONSE, signature));
  }
  if (exponentiation && !challenge && EC_ALGORITHMS.has(key.algorithm)) {
    checkPin(command.p2, key, context);
    return tlv(TAG.DYNAMIC_AUTH, tlv(TAG.AUTH_RESPONSE, ecdh(key.jwk, exponentiation)));
  }
  return reject(SW.INCORRECT_DATA, 'unsupported authentication template');
};
