/**
 * GET DATA and PUT DATA (SP 800-73-4 Part 2 §3.1.2 and §3.3.1) and the objects a fresh card holds
 * (Discovery, CHUID, CCC; Part 1 §3.3.1–3.3.2). Objects are stored as the VALUE of their outer tag: 53 for
 * ordinary objects, 7E for Discovery, 7F61 for the Biometric Information Templates Group Template.
 */
import { ObjectId, PIV_AID, TAG } from './piv-tables';
import { concat, findTlv, readTlvs, tlv } from './card-codec';
import type { CommandHandler } from './card-context';
import { reject } from './card-status';
import { SW } from './status-words';

/** A YubiKey stores at most ~3 KB per object; larger writes answer 6A84 (not enough memory). */
export const MAX_OBJECT_SIZE = 3052;

/** Objects readable only after PIN verification (Part 1 Table 3 access rules; YubiKey admin data too). */
const PIN_PROTECTED: ReadonlySet<number> = new Set([
  ObjectId.PRINTED_INFORMATION,
  ObjectId.FACIAL_IMAGE,
  ObjectId.FINGERPRINTS,
  ObjectId.IRIS,
]);

function outerTag(id: number): number {
  if (id === ObjectId.DISCOVERY) return ObjectId.DISCOVERY;
  if (id === ObjectId.BIOMETRIC_GROUP_TEMPLATE) return ObjectId.BIOMETRIC_GROUP_TEMPLATE;
  return TAG.DATA;
}

function objectId(tagList: Uint8Array | undefined): number {
  if (!tagList || tagList.length === 0 || tagList.length > 3) return reject(SW.INCORRECT_DATA, 'tag list');
  return tagList.reduce((n, b) => (n << 8) | b, 0);
}

export const getData: CommandHandler = (command, context) => {
  if (command.p1 !== 0x3f || command.p2 !== 0xff) reject(SW.INCORRECT_P1P2);
  const items = readTlvs(command.data);
  const id = objectId(items.length === 1 ? findTlv(items, TAG.TAG_LIST) : undefined);
  const value = context.state.objects.get(id);
  if (value === undefined) return reject(SW.FILE_NOT_FOUND, 'no such data object');
  if (PIN_PROTECTED.has(id) && !context.session.pinVerified) reject(SW.SECURITY_STATUS_NOT_SATISFIED);
  return tlv(outerTag(id), value);
};

export const putData: CommandHandler = (command, context) => {
  if (command.p1 !== 0x3f || command.p2 !== 0xff) reject(SW.INCORRECT_P1P2);
  if (!context.session.managementKeyAuthenticated) reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'management key');
  const items = readTlvs(command.data);
  const first = items[0];
  const second = items[1];
  if (items.length !== 2 || first?.tag !== TAG.TAG_LIST || !second) return reject(SW.INCORRECT_DATA, 'PUT DATA template');
  const id = objectId(first.value);
  if (second.tag !== outerTag(id)) return reject(SW.INCORRECT_DATA, 'wrong object wrapper');
  if (second.value.length > MAX_OBJECT_SIZE) return reject(SW.FILE_FULL);
  // An empty object deletes it (what yubico-piv-tool's delete-certificate sends).
  if (second.value.length === 0) context.state.objects.delete(id);
  else context.state.objects.set(id, second.value.slice());
  context.changed();
  return new Uint8Array(0);
};

/** Discovery object content (Part 1 §3.3.2): the AID, and PIN usage policy "PIV PIN only". */
export function discoveryValue(): Uint8Array {
  return concat(tlv(TAG.APPLICATION_ID, PIV_AID), tlv(TAG.DISCOVERY_PIN_USAGE_POLICY, Uint8Array.of(0x40, 0x00)));
}

/** CHUID (Part 1 §3.1.2 / TIG SCEPACS): FASC-N, GUID, expiration date, empty signature and EDC. */
export function chuidValue(guid: Uint8Array): Uint8Array {
  // A FASC-N of agency 9999 system 9999 credential 999999 — the non-federal placeholder Yubico writes too.
  const fascn = Uint8Array.of(
    0xd4, 0xe7, 0x39, 0xda, 0x73, 0x9c, 0xed, 0x39, 0xce, 0x73, 0x9d, 0x83, 0x68, 0x58, 0x21, 0x08, 0x42, 0x10,
    0x84, 0x21, 0xc8, 0x42, 0x10, 0xc3, 0xeb,
  );
  return concat(
    tlv(0x30, fascn),
    tlv(0x34, guid),
    tlv(0x35, new TextEncoder().encode('20301231')),
    tlv(0x3e, new Uint8Array(0)),
    tlv(TAG.ERROR_DETECTION_CODE, new Uint8Array(0)),
  );
}

/** Card Capability Container (SP 800-73-4 Part 1 §3.1.1 / GSC-IS): card identifier and version fields. */
export function cccValue(cardId: Uint8Array): Uint8Array {
  const empty = new Uint8Array(0);
  return concat(
    tlv(0xf0, Uint8Array.of(0xa0, 0x00, 0x00, 0x01, 0x16, 0xff, 0x02), cardId),
    tlv(0xf1, Uint8Array.of(0x21)),
    tlv(0xf2, Uint8Array.of(0x21)),
    tlv(0xf3, empty),
    tlv(0xf4, Uint8Array.of(0x00)),
    tlv(0xf5, Uint8Array.of(0x10)),
    tlv(0xf6, empty),
    tlv(0xf7, empty),
    tlv(0xfa, empty),
    tlv(0xfb, empty),
    tlv(0xfc, empty),
    tlv(0xfd, empty),
    tlv(TAG.ERROR_DETECTION_CODE, empty),
  );
}

/** The objects a freshly reset card holds; GUID and card id derive from the serial so they are stable. */
export function defaultObjects(serial: number): Map<number, Uint8Array> {
  const id = Uint8Array.of(0x55, 0x4b, 0x65, 0x79, (serial >>> 24) & 0xff, (serial >>> 16) & 0xff, (serial >>> 8) & 0xff, serial & 0xff);
  const guid = concat(id, Uint8Array.of(0x50, 0x49, 0x56, 0x00, 0x00, 0x00, 0x00, 0x01));
  const cardId = concat(id, Uint8Array.of(0x00, 0x00, 0x00, 0x00, 0x00, 0x01));
  return new Map([
    [ObjectId.DISCOVERY, discoveryValue()],
    [ObjectId.CHUID, chuidValue(guid)],
    [ObjectId.CCC, cccValue(cardId)],
  ]);
}
