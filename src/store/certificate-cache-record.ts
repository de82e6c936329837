/**
 * What the app remembers of a card between workers (issue 15 "Done when": a sign-in ≤ 6 APDUs once the key's
 * certificates are cached by card identity): the facts its profile read and its PUBLIC certificates, keyed by
 * the card's own identity (its serial, else its unique identifier: `TokenSession.readIdentity`, which each
 * profile reads from its card's own objects), never by the USB token id, which same-model cards share. Nothing secret is ever part of it (DESIGN.md §7).
 * Records come back from IndexedDB as `unknown`: readCardCacheRecord checks the shape, and a record it refuses is
 * a cache miss (the card is read again), never a crash.
 */
import type { CardPinPolicy, KeyRole, TokenCapabilities } from '../cards/seam';

/** One key reference with a certificate object, as the profile listed it; DER as ArrayBuffer (STYLE.md). */
export interface CachedCertificate {
  readonly keyRef: number;
  readonly role: KeyRole;
  readonly der: ArrayBuffer | null;
  /** Why the object could not be decoded (the profile's error message), null when it could. */
  readonly error: string | null;
  readonly keyRefLabel?: string;
}

/** The card's facts as its profile read them at open (the seam's TokenFacts, plain data). */
export interface CachedFacts {
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  readonly cardIdentifier: string | null;
  readonly readsTriesWithoutSpending: boolean;
  readonly pinPolicy: CardPinPolicy;
  readonly capabilities: TokenCapabilities;
}

export interface CardCacheRecord {
  /** cardCacheKey(profileId, identity). */
  readonly cardKey: string;
  readonly profileId: string;
  /** The card's own identity (facts.serialNumber ?? facts.cardIdentifier). */
  readonly identity: string;
  /** The token id the card was last seen under (index byToken): where a fresh worker expects it next. */
  readonly tokenId: string;
  /** Bumped by every invalidation; a read that began under an older generation is not stored (see the repository). */
  readonly generation: number;
  readonly facts: CachedFacts | null;
  /** null: not read since the last invalidation. */
  readonly certificates: readonly CachedCertificate[] | null;
  /**
   * The key reference whose certificate a fresh worker reads back to prove the cached set is this card's (the
   * one the last sign-in used, else the authentication key's); null when there is none to read.
   */
  readonly anchorKeyRef: number | null;
  /** The renewal journals' key-state version the certificates were read under (key-map.ts). */
  readonly keyStateVersion: string;
  readonly seenAt: string;
}

/** Profiles number their cards independently: the profile id keeps one profile's serial apart from another's. */
export function cardCacheKey(profileId: string, identity: string): string {
  return `${profileId}\u0000${identity}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || isStr(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const KEY_ROLES: readonly string[] = ['authentication', 'signature', 'encryption', 'card-authentication', 'retired'];
const PIN_CHARSETS: readonly string[] = ['digits', 'letters-digits', 'any'];

function isPinPolicy(v: unknown): v is CardPinPolicy {
  return isObj(v) && isCount(v.minLength) && isCount(v.maxLength) && PIN_CHARSETS.includes(v.charset as string);
}

function isCapabilities(v: unknown): v is TokenCapabilities {
  const c = isObj(v) ? v.credentials : null;
  return isObj(v) && isObj(c) && typeof c.pin === 'boolean' && typeof c.unblockCode === 'boolean' && typeof v.signs === 'boolean' && typeof v.renews === 'boolean';
}

function isFacts(v: unknown): v is CachedFacts {
  return (
    isObj(v) && isStrOrNull(v.serialNumber) && isStrOrNull(v.firmwareVersion) && isStrOrNull(v.cardIdentifier) &&
    typeof v.readsTriesWithoutSpending === 'boolean' && isPinPolicy(v.pinPolicy) && isCapabilities(v.capabilities)
  );
}

function isCertificate(v: unknown): v is CachedCertificate {
  return (
    isObj(v) && isCount(v.keyRef) && KEY_ROLES.includes(v.role as string) &&
    (v.der === null || v.der instanceof ArrayBuffer) && isStrOrNull(v.error) &&
    (v.keyRefLabel === undefined || isStr(v.keyRefLabel))
  );
}

/** The record, or null when it is not one this build wrote (damaged, older, edited by hand): a cache miss. */
export function readCardCacheRecord(value: unknown): CardCacheRecord | null {
  if (!isObj(value)) return null;
  const ok =
    isStr(value.profileId) && isStr(value.identity) && value.identity.length > 0 &&
    value.cardKey === cardCacheKey(value.profileId, value.identity) &&
    isStr(value.tokenId) && isCount(value.generation) &&
    (value.facts === null || isFacts(value.facts)) &&
    (value.certificates === null || (Array.isArray(value.certificates) && value.certificates.every(isCertificate))) &&
    (value.anchorKeyRef === null || isCount(value.anchorKeyRef)) && isStr(value.keyStateVersion) && isStr(value.seenAt) && !Number.isNaN(Date.parse(value.seenAt));
  return ok ? (value as unknown as CardCacheRecord) : null;
}
