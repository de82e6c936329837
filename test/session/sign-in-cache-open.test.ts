/**
 * CardCache.factsAtOpen alone (issue 15), over a stand-in card session that records what is asked of it: the
 * cached facts are used only when the card reads back the anchor certificate byte for byte (then the profile
 * adopts them and no fact is read); otherwise the card's own facts are read, and a different card under the same
 * identity drops the cached set for every worker of the origin (BroadcastChannel).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyCertificate, TokenFacts, TokenSession } from '../../src/cards/seam/token-session';
import { MemoryCardCacheStore } from '../../src/store/certificate-cache';
import { broadcastCardCacheChannel, CardCache, keyOf, type CardRef } from '../../src/worker/sign-in-card-cache';

const FACTS: TokenFacts = {
  serialNumber: '33620242',
  firmwareVersion: '5.7.2',
  cardIdentifier: 'ab'.repeat(16),
  readsTriesWithoutSpending: true,
  pinPolicy: { minLength: 6, maxLength: 8, charset: 'any' },
  capabilities: { credentials: { pin: true, unblockCode: true }, signs: true, renews: true },
};
const REF: CardRef = { profileId: 'piv', identity: '33620242' };
const CERT_A = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x0a);
const CERT_B = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x0b);
const listing = (der: Uint8Array): KeyCertificate[] => [{ keyRef: 0x9a, role: 'authentication', der, error: null }];

/** The parts of a card session factsAtOpen uses, counting calls. */
function card(onCard: Uint8Array, facts: TokenFacts = FACTS) {
  const calls = { readFacts: 0, readCertificate: [] as number[], adopted: [] as TokenFacts[] };
  const session = {
    profileId: 'piv',
    readFacts: async () => (calls.readFacts++, facts),
    readCertificate: async (keyRef: number) => (calls.readCertificate.push(keyRef), keyRef === 0x9a ? onCard : null),
    adoptFacts: (f: TokenFacts) => void calls.adopted.push(f),
  } as unknown as TokenSession;
  return { session, calls };
}

const opened: CardCache[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

function origin() {
  const store = new MemoryCardCacheStore();
  const channel = `ukey-card-cache-open-${Math.random()}`;
  const worker = (): CardCache => {
    const cache = new CardCache(store, broadcastCardCacheChannel(channel));
    opened.push(cache);
    return cache;
  };
  return { store, worker };
}

async function seed(cache: CardCache, der: Uint8Array): Promise<void> {
  const first = card(der);
  await cache.factsAtOpen('usb:1', first.session);
  const store = await cache.beginListing('usb:1', REF, FACTS);
  await store(listing(der));
}

describe('CardCache.factsAtOpen', () => {
  it('a card never seen: its facts are read and kept under its identity', async () => {
    const { store, worker } = origin();
    const { session, calls } = card(CERT_A);
    expect(await worker().factsAtOpen('usb:1', session)).toEqual(FACTS);
    expect(calls).toMatchObject({ readFacts: 1, readCertificate: [], adopted: [] });
    expect((await store.get(keyOf(REF)))?.facts).toEqual(FACTS);
  });

  it('the card last seen here reads back its anchor: cached facts, adopted by the profile, no fact read', async () => {
    const { worker } = origin();
    await seed(worker(), CERT_A);
    const fresh = worker();
    const { session, calls } = card(CERT_A);
    expect(await fresh.factsAtOpen('usb:1', session)).toEqual(FACTS);
    expect(calls).toMatchObject({ readFacts: 0, readCertificate: [0x9a], adopted: [FACTS] });
    expect(fresh.provedKeyRef('usb:1', REF)).toBe(0x9a);
    expect((await fresh.certificates(REF, ''))?.found[0]?.der).toEqual(CERT_A);
  });

  it('the same identity with another anchor certificate: facts read, the cached set dropped for every worker', async () => {
    const { store, worker } = origin();
    await seed(worker(), CERT_A);
    const other = worker();
    const heard: string[] = [];
    other.onChanged((cardKey) => heard.push(cardKey));
    const fresh = worker();
    const { session, calls } = card(CERT_B); // re-provisioned: same serial, new certificates
    expect(await fresh.factsAtOpen('usb:1', session)).toEqual(FACTS);
    expect(calls).toMatchObject({ readFacts: 1, readCertificate: [0x9a], adopted: [] });
    expect(fresh.provedKeyRef('usb:1', REF)).toBeNull();
    expect(await fresh.certificates(REF, '')).toBeNull();
    expect((await store.get(keyOf(REF)))?.certificates).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20)); // BroadcastChannel delivers in a later task
    expect(heard).toEqual([keyOf(REF)]);
  });

  it('another card under the same token id (same model, no USB serial): the first card\'s set is left alone', async () => {
    const { store, worker } = origin();
    await seed(worker(), CERT_A);
    const otherFacts = { ...FACTS, serialNumber: '1234', cardIdentifier: 'cd'.repeat(16) };
    const { session, calls } = card(CERT_B, otherFacts);
    expect(await worker().factsAtOpen('usb:1', session)).toEqual(otherFacts);
    expect(calls.readFacts).toBe(1);
    expect((await store.get(keyOf(REF)))?.certificates).toHaveLength(1);
    expect((await store.get(keyOf({ profileId: 'piv', identity: '1234' })))?.facts).toEqual(otherFacts);
  });

  it('a listing begun before an invalidation is not stored after it', async () => {
    const { worker } = origin();
    const cache = worker();
    await seed(cache, CERT_A);
    const store = await cache.beginListing('usb:1', REF, FACTS);
    await worker().invalidate(REF); // another worker wrote a certificate meanwhile
    await store(listing(CERT_A));
    expect(await cache.certificates(REF, '')).toBeNull();
  });

  it('same-model keys taken in turns under one token id (a clerk\'s department keys): each is recognised by one read', async () => {
    const { worker } = origin();
    const cache = worker();
    await seed(cache, CERT_A);
    const factsB = { ...FACTS, serialNumber: '1234', cardIdentifier: 'cd'.repeat(16) };
    const refB: CardRef = { profileId: 'piv', identity: '1234' };
    await cache.factsAtOpen('usb:1', card(CERT_B, factsB).session);
    await (await cache.beginListing('usb:1', refB, factsB))(listing(CERT_B));
    // Key A again, then B again: both anchors are 9A, so one GET DATA tells which of the two it is.
    for (const [der, facts] of [[CERT_A, FACTS], [CERT_B, factsB]] as const) {
      const { session, calls } = card(der, facts);
      expect(await worker().factsAtOpen('usb:1', session)).toEqual(facts);
      expect(calls).toMatchObject({ readFacts: 0, readCertificate: [0x9a], adopted: [facts] });
    }
  });
});
