/**
 * Issue 15 §1: each card kind answers as the real card's documentation says (card-kinds.ts cites it) —
 * Yubico's PIV docs for the YubiKey 5.7 / 5.4 vendor commands, SP 800-73-4 Part 2 §3 for a plain card (no
 * vendor command at all), Part 1 §3.2 for PIN Always, §3.3.3 for Key History with off-card certificates.
 */
import { describe, expect, it } from 'vitest';
import { CARD_KINDS, cardKind, type CardKindId } from '../../../src/virtual/virtual-token/card-kinds';
import { provisionDemoTokenWithCa } from '../../../src/virtual/virtual-token/demo';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { apdu, authenticate, h, pinBlock, selectedCard, send, toHex } from './card-helpers';

const GENERATE_P256 = (slot: number, policyTag = '') => apdu(0, 0x47, 0, slot, h(`ac${(3 + policyTag.length / 2).toString(16).padStart(2, '0')}800111${policyTag}`), true);

async function fresh(kind: CardKindId): Promise<PivCard> {
  return selectedCard({ kind });
}

describe('card kinds: vendor commands (Yubico PIV docs) and the plain SP 800-73-4 command set', () => {
  const expected: Record<CardKindId, { version: string | null; serial: boolean; metadata: boolean; moveKey: boolean }> = {
    'yubikey-5.7': { version: '050702', serial: true, metadata: true, moveKey: true },
    'yubikey-5.4': { version: '050403', serial: true, metadata: true, moveKey: false },
    'sp800-73-4': { version: null, serial: false, metadata: false, moveKey: false },
    'pin-always': { version: null, serial: false, metadata: false, moveKey: false },
    'off-card-history': { version: null, serial: false, metadata: false, moveKey: false },
    // issue 18: CanoKey reports 5.7.0 but has no MOVE KEY (canokey-core applets/piv/piv.c)
    canokey: { version: '050700', serial: true, metadata: true, moveKey: false },
  };

  it('the table has the five kinds the issue names, each with its sources', () => {
    expect(CARD_KINDS.map((k) => k.id).sort()).toEqual(Object.keys(expected).sort());
    for (const kind of CARD_KINDS) expect(kind.sources.length).toBeGreaterThan(0);
  });

  for (const [id, want] of Object.entries(expected) as [CardKindId, (typeof expected)[CardKindId]][]) {
    it(`${id}: GET VERSION, GET SERIAL, GET METADATA, MOVE KEY`, async () => {
      const card = await fresh(id);
      const version = await send(card, '00FD000000');
      if (want.version === null) expect(version.sw).toBe(0x6d00);
      else expect([toHex(version.data), version.sw]).toEqual([want.version, 0x9000]);
      expect((await send(card, '00F8000000')).sw).toBe(want.serial ? 0x9000 : 0x6d00);
      expect((await send(card, '00F7008000')).sw).toBe(want.metadata ? 0x9000 : 0x6d00);
      expect(await authenticate(card)).toBe(0x9000);
      expect((await send(card, GENERATE_P256(0x82))).sw).toBe(0x9000);
      // MOVE KEY 82 → 83 (P1 destination, P2 source): 5.7 only; 6D00 elsewhere (5.4 and plain cards).
      expect((await send(card, '00F6838200')).sw).toBe(want.moveKey ? 0x9000 : 0x6d00);
    });
  }

  it('a plain card refuses the Yubico policy tags AA/AB in GENERATE (not in SP 800-73-4 Part 2 Table 10)', async () => {
    const plain = await fresh('sp800-73-4');
    expect(await authenticate(plain)).toBe(0x9000);
    expect((await send(plain, GENERATE_P256(0x9a, 'aa0103'))).sw).toBe(0x6a80);
    const yubikey = await fresh('yubikey-5.4');
    expect(await authenticate(yubikey)).toBe(0x9000);
    expect((await send(yubikey, GENERATE_P256(0x9a, 'aa0103'))).sw).toBe(0x9000);
  });

  it('ATRs: a YubiKey says "YubiKey"; a plain card does not; both carry a correct TCK (ISO 7816-3 §8.2.5)', () => {
    for (const kind of CARD_KINDS) {
      expect(kind.atr.subarray(1).reduce((x, b) => x ^ b, 0)).toBe(0);
      expect(new TextDecoder().decode(kind.atr).includes('YubiKey')).toBe(kind.id.startsWith('yubikey'));
    }
  });
});

describe('PIN policy by kind (SP 800-73-4 Part 1 Table 4b)', () => {
  async function signsAfterOneVerify(kind: CardKindId, slot: number): Promise<number> {
    const card = await fresh(kind);
    expect(await authenticate(card)).toBe(0x9000);
    expect((await send(card, GENERATE_P256(slot))).sw).toBe(0x9000);
    expect((await send(card, apdu(0, 0x20, 0, 0x80, h(pinBlock('123456'))))).sw).toBe(0x9000);
    const sign = apdu(0, 0x87, 0x11, slot, h(`7c248200${'8120'}${'11'.repeat(32)}`), true);
    expect((await send(card, sign)).sw).toBe(0x9000); // right after VERIFY: every policy allows it
    return (await send(card, sign)).sw; // a second use without VERIFY: only PIN "once" allows it
  }

  it('9A is PIN once on the plain card and the YubiKeys, PIN always on the PIN-always card; 9C always everywhere', async () => {
    expect(await signsAfterOneVerify('sp800-73-4', 0x9a)).toBe(0x9000);
    expect(await signsAfterOneVerify('yubikey-5.7', 0x9a)).toBe(0x9000);
    expect(await signsAfterOneVerify('pin-always', 0x9a)).toBe(0x6982);
    expect(await signsAfterOneVerify('pin-always', 0x83)).toBe(0x6982);
    expect(await signsAfterOneVerify('sp800-73-4', 0x9c)).toBe(0x6982);
  });
});

describe('retired slots as each kind is personalised (SP 800-73-4 Part 1 §3.3.3)', () => {
  async function keyHistoryOf(card: PivCard): Promise<string | null> {
    await card.powerOn();
    await send(card, '00A4040005A000000308');
    const reply = await send(card, '00CB3FFF055C035FC10C00');
    return reply.sw === 0x9000 ? toHex(reply.data) : null;
  }

  it('off-card kind: Key History 1 on-card + 2 off-card with the URL; keys in 83 and 84 without certificates', { timeout: 60_000 }, async () => {
    const { card } = await provisionDemoTokenWithCa(new Date(), 'off-card-history');
    const history = (await keyHistoryOf(card))!;
    expect(history).toContain('c10101');
    expect(history).toContain('c20102');
    expect(history).toContain(toHex(new TextEncoder().encode(cardKind('off-card-history').retiredKeys!.offCardCertUrl!)));
    const state = card.toJSON();
    expect(Object.keys(state.keys).sort()).toEqual(['83', '84', '9a', '9c', '9d']);
    expect(state.objects['5fc10e']).toBeUndefined();
    expect(state.objects['5fc10f']).toBeUndefined();
  });

  it('plain kind: no Key History object and nothing in the retired slots', { timeout: 60_000 }, async () => {
    const { card } = await provisionDemoTokenWithCa(new Date(), 'sp800-73-4');
    expect(await keyHistoryOf(card)).toBeNull();
    expect(Object.keys(card.toJSON().keys).sort()).toEqual(['9a', '9c', '9d']);
  });
});
