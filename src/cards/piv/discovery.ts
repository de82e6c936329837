/**
 * Parsers of the small PIV objects that describe the card (SP 800-73-4 Part 1): Discovery (§3.3.2), CHUID
 * (§3.1.2, Table 9), CCC (§3.1.1, Table 8) and Key History (§3.3.3, Table 19). Each takes the object content
 * (inside tag 53/7E) and returns plain data; malformed content → PivDataError.
 */
import { toHex } from '../../apdu';
import { PivDataError } from './errors';
import { parseTlvs } from './tlv';

/** Tags inside the objects (Part 1 Tables 8, 9, 18, 19). */
export const OBJECT_TAG = {
  DISCOVERY_AID: 0x4f,
  DISCOVERY_PIN_POLICY: 0x5f2f,
  CHUID_FASCN: 0x30,
  CHUID_ORG_ID: 0x32,
  CHUID_DUNS: 0x33,
  CHUID_GUID: 0x34,
  CHUID_EXPIRATION: 0x35,
  CHUID_ISSUER_SIGNATURE: 0x3e,
  CCC_CARD_IDENTIFIER: 0xf0,
  CCC_CAPABILITY_VERSION: 0xf1,
  CCC_GRAMMAR_VERSION: 0xf2,
  KEY_HISTORY_ON_CARD: 0xc1,
  KEY_HISTORY_OFF_CARD: 0xc2,
  KEY_HISTORY_URL: 0xf3,
} as const;

/** Discovery PIN usage policy, first byte (Part 1 §3.3.2): bit 0x40 = PIV PIN, 0x20 = global PIN satisfies. */
export const PIN_POLICY_BITS = { APPLICATION_PIN: 0x40, GLOBAL_PIN: 0x20, OCC: 0x10, VCI: 0x08 } as const;

export interface Discovery {
  readonly aidHex: string;
  readonly applicationPin: boolean;
  readonly globalPin: boolean;
  /** Second byte: 0x10 = PIV PIN primary, 0x20 = global PIN primary. */
  readonly globalPinPrimary: boolean;
}

export interface Chuid {
  readonly fascnHex: string | null;
  readonly guidHex: string | null;
  /** YYYYMMDD as stored. */
  readonly expiration: string | null;
  readonly signed: boolean;
}

export interface Ccc {
  readonly cardIdentifierHex: string | null;
  readonly capabilityVersion: number | null;
  readonly grammarVersion: number | null;
}

export interface KeyHistory {
  /** Retired keys whose certificates are on the card: slots 82, 83, … in order (Part 1 §3.3.3). */
  readonly keysWithOnCardCerts: number;
  readonly keysWithOffCardCerts: number;
  readonly offCardCertUrl: string | null;
}

const GLOBAL_PIN_PRIMARY = 0x20;
const MAX_RETIRED_KEYS = 20;

function hexOrNull(value: Uint8Array | undefined): string | null {
  return value === undefined || value.length === 0 ? null : toHex(value);
}

function valueMap(content: Uint8Array, context: string): Map<number, Uint8Array> {
  const map = new Map<number, Uint8Array>();
  for (const item of parseTlvs(content, context)) if (!map.has(item.tag)) map.set(item.tag, item.value);
  return map;
}

export function parseDiscovery(content: Uint8Array): Discovery {
  const context = 'Discovery object';
  const map = valueMap(content, context);
  const aid = map.get(OBJECT_TAG.DISCOVERY_AID);
  if (aid === undefined) throw new PivDataError(context, 'AID (4F) missing');
  const policy = map.get(OBJECT_TAG.DISCOVERY_PIN_POLICY);
  if (policy === undefined || policy.length < 2) throw new PivDataError(context, 'PIN usage policy (5F2F) missing');
  return {
    aidHex: toHex(aid),
    applicationPin: (policy[0]! & PIN_POLICY_BITS.APPLICATION_PIN) !== 0,
    globalPin: (policy[0]! & PIN_POLICY_BITS.GLOBAL_PIN) !== 0,
    globalPinPrimary: policy[1] === GLOBAL_PIN_PRIMARY,
  };
}

export function parseChuid(content: Uint8Array): Chuid {
  const map = valueMap(content, 'CHUID');
  const expiration = map.get(OBJECT_TAG.CHUID_EXPIRATION);
  return {
    fascnHex: hexOrNull(map.get(OBJECT_TAG.CHUID_FASCN)),
    guidHex: hexOrNull(map.get(OBJECT_TAG.CHUID_GUID)),
    expiration: expiration === undefined ? null : String.fromCharCode(...expiration.subarray(0, 8)),
    signed: (map.get(OBJECT_TAG.CHUID_ISSUER_SIGNATURE)?.length ?? 0) > 0,
  };
}

export function parseCcc(content: Uint8Array): Ccc {
  const map = valueMap(content, 'CCC');
  return {
    cardIdentifierHex: hexOrNull(map.get(OBJECT_TAG.CCC_CARD_IDENTIFIER)),
    capabilityVersion: map.get(OBJECT_TAG.CCC_CAPABILITY_VERSION)?.[0] ?? null,
    grammarVersion: map.get(OBJECT_TAG.CCC_GRAMMAR_VERSION)?.[0] ?? null,
  };
}

export function parseKeyHistory(content: Uint8Array): KeyHistory {
  const context = 'Key History object';
  const map = valueMap(content, context);
  const count = (tag: number): number => {
    const value = map.get(tag);
    if (value === undefined || value.length === 0) return 0;
    if (value.length !== 1 || value[0]! > MAX_RETIRED_KEYS) throw new PivDataError(context, `bad key count in tag ${tag.toString(16)}`);
    return value[0]!;
  };
  const onCard = count(OBJECT_TAG.KEY_HISTORY_ON_CARD);
  const offCard = count(OBJECT_TAG.KEY_HISTORY_OFF_CARD);
  if (onCard + offCard > MAX_RETIRED_KEYS) throw new PivDataError(context, 'more than 20 retired keys');
  const url = map.get(OBJECT_TAG.KEY_HISTORY_URL);
  return {
    keysWithOnCardCerts: onCard,
    keysWithOffCardCerts: offCard,
    offCardCertUrl: url === undefined || url.length === 0 ? null : new TextDecoder().decode(url),
  };
}

/** Key History content for `onCard` retired certificates on the card (what we write after a renewal). */
export function encodeKeyHistory(onCard: number, offCard = 0): Uint8Array<ArrayBuffer> {
  return Uint8Array.of(OBJECT_TAG.KEY_HISTORY_ON_CARD, 1, onCard, OBJECT_TAG.KEY_HISTORY_OFF_CARD, 1, offCard, 0xfe, 0);
}
