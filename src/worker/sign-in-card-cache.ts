/**
 * What every worker of the origin knows of a card, kept by the card's own identity (issue 15 "Done when": a
 * popup's fresh worker signs in with ≤ 6 APDUs — SELECT, one proof read, the PIN tries, VERIFY, GENERAL
 * AUTHENTICATE). Records live in the app's IndexedDB (src/store/certificate-cache.ts); a BroadcastChannel tells
 * every other worker when a card's certificates changed, so none keeps offering what it read before.
 *
 * Why it is safe. Nothing here is trusted for anything security-relevant, and no certificate is offered or
 * signed with unless the card showed it in this session:
 * - The cache is found by the token id the card was last seen under, and proved by reading back ONE certificate
 *   (the anchor: the key the last sign-in used) and comparing its bytes (SP 800-73-4 Part 2 §3.1.2 GET DATA).
 *   The identity alone (a serial) cannot prove it: a card reset and re-provisioned keeps its serial
 *   (YubiKey GET SERIAL; the CHUID GUID where the issuer keeps it) but gets new keys and certificates.
 * - Re-provisioned with the same serial: the anchor's bytes differ, so the full facts and certificates are read
 *   and the cached set of that identity is dropped for every worker (a different card under the same identity).
 * - Any other certificate from the cache is read back before the signature that would carry it (sign-in
 *   service); the verifier still checks the signature against the certificate sent (issue 9 §4).
 * - The facts (serial, firmware) come from the cache once the anchor matched. A certificate is public, so another
 *   card could carry a copy: it gets the first card's facts, but its key cannot make a signature the verifier
 *   accepts for that certificate, and a reopen after a handover reads its real identity and refuses it.
 * - A worker that writes to a card (certificate, key, key move) drops the card's record and tells the others;
 *   a read begun before that cannot be stored after it (the store's generation compare-and-set).
 * Only public certificates and facts are kept (DESIGN.md §7). A failing IndexedDB never fails a sign-in: the
 * cache is then a miss.
 */
import type { KeyCertificate, TokenFacts, TokenSession } from '../cards/seam';
import { cardCacheKey, type CardCacheStore, type CachedCertificate, type CardCacheRecord } from '../store';

export const CARD_CACHE_CHANNEL = 'ukey-card-cache';

export interface CardChangedMessage {
  readonly kind: 'card-changed';
  readonly cardKey: string;
}

/** What the cache needs of a BroadcastChannel, so Node tests and the browser run the same code. */
export interface CardCachePort {
  post(message: CardChangedMessage): void;
  listen(listener: (message: CardChangedMessage) => void): () => void;
  close(): void;
}

/** The origin-wide channel (HTML §9.5: every worker of the origin hears it); null where there is none. */
export function broadcastCardCacheChannel(name = CARD_CACHE_CHANNEL): CardCachePort | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  let open = true;
  return {
    // An invalidation that finishes as the worker stops has nobody left to tell.
    post: (message) => {
      if (open) channel.postMessage(message);
    },
    listen: (listener) => {
      const handler = (event: MessageEvent): void => {
        const data: unknown = event.data;
        if (typeof data === 'object' && data !== null && (data as CardChangedMessage).kind === 'card-changed' && typeof (data as CardChangedMessage).cardKey === 'string') {
          listener(data as CardChangedMessage);
        }
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
    close: () => {
      open = false;
      channel.close();
    },
  };
}

/** A card as the cache names it: its profile and its own identity. */
export interface CardRef {
  readonly profileId: string;
  readonly identity: string;
}

/** The identity a card's facts give (the seam's readIdentity value); null = the card tells none. */
export function cardRefOf(profileId: string, facts: Pick<TokenFacts, 'serialNumber' | 'cardIdentifier'>): CardRef | null {
  const identity = facts.serialNumber ?? facts.cardIdentifier;
  return identity === null ? null : { profileId, identity };
}

export const keyOf = (ref: CardRef): string => cardCacheKey(ref.profileId, ref.identity);

/** Cached certificates of a card, with what this session's open already proved. */
export interface CachedListing {
  readonly found: KeyCertificate[];
  readonly anchorKeyRef: number | null;
}

function toCached(entry: KeyCertificate): CachedCertificate {
  return {
    keyRef: entry.keyRef,
    role: entry.role,
    der: entry.der ? entry.der.slice().buffer : null,
    error: entry.error ? entry.error.message : null,
    ...(entry.keyRefLabel === undefined ? {} : { keyRefLabel: entry.keyRefLabel }),
  };
}

function fromCached(entry: CachedCertificate): KeyCertificate {
  return {
    keyRef: entry.keyRef,
    role: entry.role,
    der: entry.der ? new Uint8Array(entry.der) : null,
    error: entry.error === null ? null : new Error(entry.error),
    ...(entry.keyRefLabel === undefined ? {} : { keyRefLabel: entry.keyRefLabel }),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Facts that describe the card itself; a change under one identity means a different card. */
function sameCard(a: TokenFacts, b: TokenFacts): boolean {
  return a.serialNumber === b.serialNumber && a.cardIdentifier === b.cardIdentifier && a.firmwareVersion === b.firmwareVersion &&
    a.readsTriesWithoutSpending === b.readsTriesWithoutSpending;
}

/** The authentication key's certificate (SP 800-73-4 Part 1 §3.1.1: the one a login uses), else the first. */
export function defaultAnchor(found: readonly KeyCertificate[]): number | null {
  const withDer = found.filter((c) => c.der !== null);
  return (withDer.find((c) => c.role === 'authentication') ?? withDer[0])?.keyRef ?? null;
}

export class CardCache {
  private readonly listeners = new Set<(cardKey: string) => void>();
  private readonly stop: () => void;
  /** The renewal journals' key-state version of a token (key-map.ts); the composition root sets it. */
  private keyStateVersion: (tokenId: string) => Promise<string> = async () => '';
  /** Per token id: the card its current session was proved to be, and which key reference proved it. */
  private readonly provedAtOpen = new Map<string, { readonly cardKey: string; readonly keyRef: number }>();

  constructor(
    private readonly store: CardCacheStore,
    private readonly port: CardCachePort | null,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stop = port?.listen((message) => this.changed(message.cardKey)) ?? (() => undefined);
  }

  /** Runs `listener` with the card key whenever a worker (this one included) learns a card changed. */
  onChanged(listener: (cardKey: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The facts of the card just opened in `session` (OpenTokens): the cached facts of a card seen under `tokenId`
   * when the card reads back that card's anchor certificate byte for byte (one GET DATA instead of the profile's
   * fact reads), else the profile's full read — which also tells a different card under the same identity, whose
   * cached set is then dropped.
   */
  async factsAtOpen(tokenId: string, session: TokenSession): Promise<TokenFacts> {
    this.provedAtOpen.delete(tokenId);
    const known = (await quiet(this.store.cardsSeenUnder(tokenId, session.profileId))) ?? [];
    const refuted: CardCacheRecord[] = [];
    // Same-model keys share a token id (a clerk's department keys): one read of an anchor key reference tells them apart.
    for (const anchor of new Set(known.map((r) => r.anchorKeyRef).filter((k): k is number => k !== null))) {
      if (!session.readCertificate) break;
      const onCard = await session.readCertificate(anchor).catch(() => null);
      for (const record of known.filter((r) => r.anchorKeyRef === anchor)) {
        const cached = record.certificates?.find((c) => c.keyRef === anchor)?.der ?? null;
        if (!record.facts || !cached) continue;
        if (onCard && sameBytes(onCard, new Uint8Array(cached))) {
          session.adoptFacts?.(record.facts);
          this.provedAtOpen.set(tokenId, { cardKey: record.cardKey, keyRef: anchor });
          return record.facts;
        }
        refuted.push(record);
      }
    }
    const facts = await session.readFacts();
    const ref = cardRefOf(session.profileId, facts);
    if (ref) await this.learnFacts(tokenId, ref, facts, refuted.some((r) => r.cardKey === keyOf(ref)));
    return facts;
  }

  /** The key reference this token's open proved for `ref`, if any (the sign-in need not read it again). */
  provedKeyRef(tokenId: string, ref: CardRef): number | null {
    const proved = this.provedAtOpen.get(tokenId);
    return proved?.cardKey === keyOf(ref) ? proved.keyRef : null;
  }

  /** Where the key state comes from (the renewal service of this worker). */
  keyStateFrom(version: (tokenId: string) => Promise<string>): void {
    this.keyStateVersion = version;
  }

  /**
   * Before any service lists the card's certificates: the generation and key state now; the function returned
   * keeps what was listed, unless the card was invalidated meanwhile. Never fails the listing.
   */
  async beginListing(tokenId: string, ref: CardRef, facts: TokenFacts): Promise<(found: readonly KeyCertificate[]) => Promise<void>> {
    const generation = await this.generation(ref);
    const version = (await quiet(this.keyStateVersion(tokenId))) ?? '';
    return (found) => this.storeCertificates(ref, tokenId, generation, facts, found, version);
  }

  /** The card's cached certificates read under the same renewal key state, or null (read the card). */
  async certificates(ref: CardRef, keyStateVersion: string): Promise<CachedListing | null> {
    const record = await quiet(this.store.get(keyOf(ref)));
    if (!record?.certificates || record.keyStateVersion !== keyStateVersion) return null;
    return { found: record.certificates.map(fromCached), anchorKeyRef: record.anchorKeyRef };
  }

  /** Call before reading the card's certificates, and pass the answer to storeCertificates. */
  async generation(ref: CardRef): Promise<number> {
    return (await quiet(this.store.generation(keyOf(ref)))) ?? 0;
  }

  /** Keeps what the card listed, unless the card was invalidated since `generation` was taken. */
  async storeCertificates(ref: CardRef, tokenId: string, generation: number, facts: TokenFacts, found: readonly KeyCertificate[],
    keyStateVersion: string, anchorKeyRef: number | null = defaultAnchor(found)): Promise<void> {
    await quiet(
      this.store.put({
        cardKey: keyOf(ref), profileId: ref.profileId, identity: ref.identity, tokenId, generation, facts: plainFacts(facts),
        certificates: found.map(toCached), anchorKeyRef, keyStateVersion, seenAt: this.now().toISOString(),
      }),
    );
  }

  /** The last sign-in used `keyRef`: the next fresh worker proves the cache with its certificate. */
  async useAnchor(ref: CardRef, keyRef: number): Promise<void> {
    const record = await quiet(this.store.get(keyOf(ref)));
    if (!record?.certificates || record.anchorKeyRef === keyRef || !record.certificates.some((c) => c.keyRef === keyRef && c.der)) return;
    await quiet(this.store.put({ ...record, anchorKeyRef: keyRef }));
  }

  /** The card's certificates or keys changed (written here, or found different): every worker forgets them. */
  async invalidate(ref: CardRef): Promise<void> {
    const cardKey = keyOf(ref);
    await quiet(this.store.invalidate(cardKey));
    this.changed(cardKey);
    this.port?.post({ kind: 'card-changed', cardKey });
  }

  /** The user let the token go (leaving the demo): its cards leave the cache of every worker, nothing kept. */
  async forgetToken(tokenId: string): Promise<void> {
    this.provedAtOpen.delete(tokenId);
    for (const cardKey of (await quiet(this.store.forgetToken(tokenId))) ?? []) {
      this.changed(cardKey);
      this.port?.post({ kind: 'card-changed', cardKey });
    }
  }

  close(): void {
    this.listeners.clear();
    this.stop();
    this.port?.close();
  }

  private changed(cardKey: string): void {
    for (const [tokenId, proved] of this.provedAtOpen) if (proved.cardKey === cardKey) this.provedAtOpen.delete(tokenId);
    this.listeners.forEach((listener) => listener(cardKey));
  }

  private async learnFacts(tokenId: string, ref: CardRef, facts: TokenFacts, anchorRefuted: boolean): Promise<void> {
    const current = await quiet(this.store.get(keyOf(ref)));
    if (current?.facts && (anchorRefuted || !sameCard(current.facts, facts))) {
      await this.invalidate(ref); // a different card under this identity: nobody may offer what the old one held
      return;
    }
    await quiet(
      this.store.put({
        cardKey: keyOf(ref), profileId: ref.profileId, identity: ref.identity, tokenId, generation: current?.generation ?? 0,
        facts: plainFacts(facts), certificates: current?.certificates ?? null, anchorKeyRef: current?.anchorKeyRef ?? null,
        keyStateVersion: current?.keyStateVersion ?? '', seenAt: this.now().toISOString(),
      }),
    );
  }
}

function plainFacts(facts: TokenFacts): TokenFacts {
  const { serialNumber, firmwareVersion, cardIdentifier, readsTriesWithoutSpending, pinPolicy, capabilities } = facts;
  return { serialNumber, firmwareVersion, cardIdentifier, readsTriesWithoutSpending, pinPolicy, capabilities };
}

/** The cache is a convenience: storage that fails (quota, a closed database) makes it a miss, never an error. */
async function quiet<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch {
    return null;
  }
}
