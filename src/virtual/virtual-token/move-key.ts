/**
 * MOVE KEY (Yubico PIV extension, firmware 5.7): `00 F6 P1 P2` with no data moves the private key of slot P2
 * to slot P1, or deletes it when P1 = FF — what renewal needs to keep the old key in a retired slot (82..95)
 * while a new one takes 9A/9C (issue 10 §2). Certificates stay where they are: they are data objects, moved
 * with GET/PUT DATA by the host. Needs management-key authentication, like every key-changing command. A card
 * emulating older firmware answers 6D00, as a real one does.
 */
import type { CommandHandler } from './card-context';
import { reject } from './card-status';
import { isKeySlot } from './key-commands';
import { SW } from './status-words';
import { MOVE_KEY_VERSION, versionAtLeast } from './yubikey-extensions';

/** P1 = FF: no destination, the key is deleted. */
export const MOVE_KEY_DELETE = 0xff;

export const moveKey: CommandHandler = (command, context) => {
  if (!versionAtLeast(context.firmwareVersion, MOVE_KEY_VERSION)) return reject(SW.INS_NOT_SUPPORTED, 'MOVE KEY needs firmware 5.7');
  const destination = command.p1;
  const source = command.p2;
  if (!isKeySlot(source)) return reject(SW.INCORRECT_P1P2, 'source is not a key slot');
  if (destination !== MOVE_KEY_DELETE && (!isKeySlot(destination) || destination === source)) {
    return reject(SW.INCORRECT_P1P2, 'destination is not another key slot');
  }
  if (command.data.length !== 0) return reject(SW.WRONG_LENGTH, 'MOVE KEY takes no data');
  if (!context.session.managementKeyAuthenticated) return reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'management key');
  const { keys } = context.state;
  const key = keys.get(source);
  // 6A88 "referenced data not found" (ISO 7816-4 table 6): nothing in the source slot.
  if (!key) return reject(SW.REFERENCE_NOT_FOUND, 'no key in the source slot');
  keys.delete(source);
  // The key keeps its algorithm, policies and origin; whatever the destination held is replaced.
  if (destination !== MOVE_KEY_DELETE) keys.set(destination, key);
  context.changed();
  return new Uint8Array(0);
};
