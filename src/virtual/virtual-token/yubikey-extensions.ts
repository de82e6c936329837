/**
 * The YubiKey PIV extensions clients rely on (documented by Yubico, used by yubico-piv-tool and OpenSC):
 * GET VERSION (FD), GET SERIAL (F8), GET METADATA (F7), SET PIN RETRIES (FA) and RESET (FB).
 */
import { FACTORY_DEFAULTS, KEY_REF, METADATA_TAG } from './piv-tables';
import { concat, equalBytes, tlv } from './card-codec';
import type { CardContext, CommandHandler } from './card-context';
import { factoryState, padPin, TouchPolicy } from './card-state';
import { factoryVerifier, verifierMatches } from './pin-verifier';
import { reject } from './card-status';
import { SW } from './status-words';
import { defaultObjects } from './data-objects';
import { effectivePinPolicy } from './general-authenticate';
import { fromHexStrict } from './card-state';
import { publicKeyTemplateContent } from './slot-crypto';

/**
 * 5.7.2 by default: clients use GET METADATA, AES management keys and the F8 serial (5.3+), and MOVE KEY
 * (5.7+, move-key.ts). A card made with an older `firmwareVersion` answers MOVE KEY 6D00, as real ones do.
 */
export const EMULATED_VERSION = Uint8Array.of(5, 7, 2);

/** The first firmware with MOVE KEY (Yubico PIV, 5.7.0). */
export const MOVE_KEY_VERSION: FirmwareVersion = [5, 7, 0];

export type FirmwareVersion = readonly [major: number, minor: number, patch: number];

export function versionAtLeast(version: FirmwareVersion, minimum: FirmwareVersion): boolean {
  for (let i = 0; i < 3; i++) if (version[i] !== minimum[i]) return version[i]! > minimum[i]!;
  return true;
}

export const getVersion: CommandHandler = (_command, context) => Uint8Array.from(context.firmwareVersion);

export const getSerial: CommandHandler = (_command, context) => {
  const s = context.state.serial;
  return Uint8Array.of((s >>> 24) & 0xff, (s >>> 16) & 0xff, (s >>> 8) & 0xff, s & 0xff);
};

function byte(tag: number, value: number): Uint8Array {
  return tlv(tag, Uint8Array.of(value));
}

export const getMetadata: CommandHandler = (command, context) => {
  const { state } = context;
  const ref = command.p2;
  if (ref === KEY_REF.PIN || ref === KEY_REF.PUK) {
    const isPin = ref === KEY_REF.PIN;
    const current = isPin ? state.pin : state.puk;
    // Only a verifier is kept: the flag checks the factory value against it.
    const isDefault = verifierMatches(current, padPin(isPin ? FACTORY_DEFAULTS.PIN : FACTORY_DEFAULTS.PUK));
    return concat(
      byte(METADATA_TAG.ALGORITHM, 0xff),
      byte(METADATA_TAG.IS_DEFAULT, isDefault ? 1 : 0),
      tlv(METADATA_TAG.RETRIES, Uint8Array.of(
        isPin ? state.pinRetriesTotal : state.pukRetriesTotal,
        isPin ? state.pinRetriesLeft : state.pukRetriesLeft,
      )),
    );
  }
  if (ref === KEY_REF.MANAGEMENT_KEY) {
    const isDefault = equalBytes(state.managementKey, fromHexStrict(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX, 'default'));
    return concat(
      byte(METADATA_TAG.ALGORITHM, state.managementKeyAlgorithm),
      tlv(METADATA_TAG.POLICY, Uint8Array.of(0x00, TouchPolicy.NEVER)),
      byte(METADATA_TAG.IS_DEFAULT, isDefault ? 1 : 0),
    );
  }
  const key = state.keys.get(ref);
  if (!key) return reject(SW.FILE_NOT_FOUND, 'no key in this slot');
  const touch = key.touchPolicy === TouchPolicy.DEFAULT ? TouchPolicy.NEVER : key.touchPolicy;
  return concat(
    byte(METADATA_TAG.ALGORITHM, key.algorithm),
    tlv(METADATA_TAG.POLICY, Uint8Array.of(effectivePinPolicy(ref, key, context.pinAlwaysSlots), touch)),
    byte(METADATA_TAG.ORIGIN, key.origin),
    tlv(METADATA_TAG.PUBLIC_KEY, publicKeyTemplateContent(key.jwk)),
  );
};

/** SET PIN RETRIES: P1 PIN tries, P2 PUK tries; needs management key AND PIN; PIN and PUK go back to defaults. */
export const setPinRetries: CommandHandler = (command, context) => {
  const { session, state } = context;
  if (!session.managementKeyAuthenticated || !session.pinVerified) reject(SW.SECURITY_STATUS_NOT_SATISFIED);
  if (command.p1 === 0 || command.p2 === 0) reject(SW.INCORRECT_P1P2, 'retry counts must be at least 1');
  state.pinRetriesTotal = state.pinRetriesLeft = command.p1;
  state.pukRetriesTotal = state.pukRetriesLeft = command.p2;
  state.pin = factoryVerifier(padPin(FACTORY_DEFAULTS.PIN));
  state.puk = factoryVerifier(padPin(FACTORY_DEFAULTS.PUK));
  session.pinVerified = false;
  session.pinFresh = false;
  context.changed();
  return new Uint8Array(0);
};

/** RESET: only once both PIN and PUK are blocked, as on a YubiKey; everything goes back to factory state. */
export const resetCard: CommandHandler = (command, context) => {
  if (command.p1 !== 0 || command.p2 !== 0) reject(SW.INCORRECT_P1P2);
  resetToFactory(context);
  return new Uint8Array(0);
};

function resetToFactory(context: CardContext): void {
  const { state, session } = context;
  if (state.pinRetriesLeft !== 0 || state.pukRetriesLeft !== 0) reject(SW.CONDITIONS_NOT_SATISFIED, 'PIN and PUK must be blocked');
  const fresh = factoryState({ serial: state.serial });
  Object.assign(state, fresh, { objects: defaultObjects(state.serial) });
  session.pinVerified = session.pinFresh = session.managementKeyAuthenticated = false;
  session.pendingAuth = undefined;
  context.changed();
}
