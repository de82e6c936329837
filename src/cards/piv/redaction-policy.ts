/**
 * What the PIV profile keeps out of the traffic log and the USB capture (issue 7 §4): the profile knows its
 * command set, so it — not a global list in apdu/ — says which bytes are secret, in commands and responses.
 */
import {
  combineRedaction,
  commandDataRange,
  responseDataRange,
  secretInstructions,
  type ByteRange,
  type RedactionPolicy,
  type SecretInstruction,
} from '../../apdu';
import { INS, KEY_REF } from './constants';

/**
 * Data objects that hold key material or what derives it, so their PUT DATA value and GET DATA answer are secret:
 * 5FC109 is where YubiKey tools keep the PIN-protected management key (ykman "PIVMAN protected data");
 * 5FFF00 (YubiKey admin data) holds the salt of a PIN-derived management key; 5FC123 is the Pairing Code
 * Reference Data Container (SP 800-73-4 Part 1 Appendix A, the VCI pairing code).
 */
export const KEY_BEARING_OBJECTS: readonly number[] = [0x5fc109, 0x5fff00, 0x5fc123];

/** SP 800-73-4 Part 2 §3.3.2: PUT DATA / GET DATA name their object with tag 5C; BER-TLV data follows in 53. */
const TAG_LIST = 0x5c;
/** Objects PUT without a 5C tag list: the Discovery Object (7E) and the BIT Group Template (7F61). */
const DISCOVERY_OBJECT = 0x7e;
const BIT_GROUP_FIRST_BYTE = 0x7f;
const BIT_GROUP_SECOND_BYTE = 0x61;

/** Command data and response data secret in every part; each rule is one SP 800-73-4 or YubiKey command. */
const SECRET_INSTRUCTIONS: readonly SecretInstruction[] = [
  // SP 800-73-4 Part 2 §3.2.1–§3.2.3: PIN, PUK, old and new reference data.
  { ins: INS.VERIFY, commandData: true, responseData: false },
  { ins: INS.CHANGE_REFERENCE_DATA, commandData: true, responseData: false },
  { ins: INS.RESET_RETRY_COUNTER, commandData: true, responseData: false },
  // §3.2.4 / Appendix A.1: management-key mutual authentication. Witness, challenge and response are a
  // known-plaintext oracle for the key (a PIN oracle where the key is PIN-derived), both ways.
  { ins: INS.GENERAL_AUTHENTICATE, p2: KEY_REF.MANAGEMENT_KEY, commandData: true, responseData: true },
  // YubiKey extensions: SET MANAGEMENT KEY carries the new key, IMPORT ASYMMETRIC KEY a private key.
  { ins: INS.SET_MANAGEMENT_KEY, commandData: true, responseData: false },
  { ins: INS.IMPORT_KEY, commandData: true, responseData: false },
];

const NONE: readonly ByteRange[] = [];

/** The object a 5C tag list names (`5C len tag...`), or undefined when the data does not start with one. */
function namedObject(data: Uint8Array): number | undefined {
  if (data.length < 2 || data[0] !== TAG_LIST) return undefined;
  const length = data[1]!;
  if (length < 1 || length > 3 || data.length < 2 + length) return undefined;
  let tag = 0;
  for (let i = 0; i < length; i++) tag = tag * 256 + data[2 + i]!;
  return tag;
}

function isDiscoveryOrBitGroup(data: Uint8Array): boolean {
  return data[0] === DISCOVERY_OBJECT || (data[0] === BIT_GROUP_FIRST_BYTE && data[1] === BIT_GROUP_SECOND_BYTE);
}

/**
 * PUT DATA: after the tag list of a key-bearing object, everything is secret. A part that starts with neither a
 * tag list nor 7E/7F61 is a later part of an ISO-chained PUT DATA (§3.3.2 data > 255 bytes); this stateless
 * policy cannot tell which object it belongs to, so its whole data is hidden (fail closed).
 */
function putDataSecrets(command: Uint8Array): readonly ByteRange[] {
  if (command.length < 4 || command[1] !== INS.PUT_DATA) return NONE;
  const range = commandDataRange(command);
  if (!range) return NONE;
  const data = command.subarray(range.start, range.end);
  const object = namedObject(data);
  if (object === undefined) return isDiscoveryOrBitGroup(data) ? NONE : [range];
  if (!KEY_BEARING_OBJECTS.includes(object)) return NONE;
  const valueStart = range.start + 2 + data[1]!;
  return valueStart < range.end ? [{ start: valueStart, end: range.end }] : NONE;
}

/** GET DATA of a key-bearing object: the answer (53 ...) is the secret. */
function getDataResponseSecrets(command: Uint8Array, response: Uint8Array): readonly ByteRange[] {
  if (command.length < 4 || command[1] !== INS.GET_DATA) return NONE;
  const range = commandDataRange(command);
  const object = range && namedObject(command.subarray(range.start, range.end));
  if (object === undefined || !KEY_BEARING_OBJECTS.includes(object)) return NONE;
  const data = responseDataRange(response);
  return data ? [data] : NONE;
}

const KEY_BEARING_OBJECT_POLICY: RedactionPolicy = {
  commandSecrets: putDataSecrets,
  responseSecrets: getDataResponseSecrets,
};

/** The PIV profile's redaction policy (SP 800-73-4 plus the YubiKey extensions). */
export const PIV_REDACTION_POLICY: RedactionPolicy = combineRedaction(
  secretInstructions(SECRET_INSTRUCTIONS),
  KEY_BEARING_OBJECT_POLICY,
);

/**
 * PIV plus a vendor's own secret commands, e.g. a token that speaks PIV and sets its PIN by a proprietary
 * CLA 80/84 command: `pivRedactionWith([{ classes: [0x80, 0x84], ins: 0x5E, commandData: true, responseData: false }])`.
 */
export function pivRedactionWith(extra: readonly SecretInstruction[]): RedactionPolicy {
  return combineRedaction(PIV_REDACTION_POLICY, secretInstructions(extra));
}
