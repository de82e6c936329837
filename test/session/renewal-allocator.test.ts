/**
 * The PIV profile's key allocator (issue 15 §2, review defect 4) on the card kinds: it starts after the retired
 * keys Key History counts (SP 800-73-4 Part 1 §3.3.3), asks GET METADATA where the card has it (Yubico PIV 5.3+),
 * never hands out a claimed slot, and refuses when the card cannot show a slot is empty; Key History keeps its
 * off-card count and URL when a certificate is written.
 */
import { describe, expect, it } from 'vitest';
import { parseKeyHistory } from '../../src/cards/piv/discovery';
import { ObjectId } from '../../src/cards/piv/constants';
import { PivTokenSession } from '../../src/cards/piv/token-session';
import { fromHex } from '../../src/apdu/hex';
import { cardKind } from '../../src/virtual/virtual-token/card-kinds';
import { CardAdmin } from '../../src/virtual/virtual-token/demo/card-admin';
import { Algorithm } from '../../src/virtual/virtual-token/piv-tables';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { CrashSwitch, demoCardCopy, openTokenSession } from '../unit/renewal/support/virtual-renewal';

const ADMIN = fromHex('010203040506070801020304050607080102030405060708');

/** What a tool that ignores Key History does: a key put straight into a retired slot. */
async function generateBehindKeyHistory(card: PivCard, slot: number): Promise<void> {
  const admin = new CardAdmin(card);
  await admin.select();
  await admin.authenticate();
  await admin.generate(slot, Algorithm.ECC_P256);
  await card.powerOff();
}

async function session(card: PivCard): Promise<PivTokenSession> {
  return openTokenSession(card, new CrashSwitch(null, false));
}

describe('PIV key allocator', () => {
  it('YubiKey (GET METADATA): skips a key a tool wrote without Key History, and claimed slots', async () => {
    const card = await demoCardCopy('yubikey-5.4');
    await generateBehindKeyHistory(card, 0x83);
    const s = await session(card);
    expect(await s.allocateKeyRef(new Set())).toEqual({ keyRef: 0x84 });
    expect(await s.allocateKeyRef(new Set([0x84, 0x85]))).toEqual({ keyRef: 0x86 });
  });

  it('off-card Key History: starts after the on-card and off-card keys (not at the first slot without a certificate)', async () => {
    const card = await demoCardCopy('off-card-history');
    const layout = cardKind('off-card-history').retiredKeys!;
    expect(await (await session(card)).allocateKeyRef(new Set())).toEqual({ keyRef: 0x82 + layout.onCard + layout.offCard });
  });

  it('plain card without Key History: 82 (§3.3.3: no Key History, no retired keys)', async () => {
    expect(await (await session(await demoCardCopy('sp800-73-4'))).allocateKeyRef(new Set())).toEqual({ keyRef: 0x82 });
  });

  it('plain card whose retired slot holds a certificate Key History does not count: refuses (cannot show a slot empty)', async () => {
    const card = await demoCardCopy('sp800-73-4');
    const s = await session(card);
    const der = (await s.readCertificate(0x9a))!;
    await s.writeCertificate(0x83, der, ADMIN); // Key History now says 2 on-card… then a tool drops it
    const admin = new CardAdmin(card);
    await admin.select();
    await admin.authenticate();
    await admin.putObject(ObjectId.KEY_HISTORY, Uint8Array.of(0xc1, 1, 0, 0xc2, 1, 0, 0xfe, 0));
    await admin.putCertificate(0x5fc10d, der);
    await card.powerOff();
    expect(await (await session(card)).allocateKeyRef(new Set())).toEqual({ refused: 'cannot-show-empty' });
  });

  it('every retired slot in use: refuses (all-in-use)', async () => {
    const s = await session(await demoCardCopy('yubikey-5.7'));
    const all = new Set(Array.from({ length: 20 }, (_, i) => 0x82 + i));
    expect(await s.allocateKeyRef(all)).toEqual({ refused: 'all-in-use' });
  });

  it('writing a certificate to the allocated slot keeps the off-card count and URL in Key History', async () => {
    const card = await demoCardCopy('off-card-history');
    const s = await session(card);
    const allocation = await s.allocateKeyRef(new Set());
    if (!('keyRef' in allocation)) throw new Error('refused');
    await s.writeCertificate(allocation.keyRef, (await s.readCertificate(0x9a))!, ADMIN);
    const history = parseKeyHistory(fromHex(card.toJSON().objects[ObjectId.KEY_HISTORY.toString(16)]!));
    expect(history.offCardCertUrl).toBe(cardKind('off-card-history').retiredKeys!.offCardCertUrl);
    // Every retired key stays counted: the on-card count covers the new slot, the off-card keys stay counted.
    expect(history.keysWithOnCardCerts).toBe(allocation.keyRef - 0x82 + 1);
    expect(history.keysWithOffCardCerts).toBe(cardKind('off-card-history').retiredKeys!.offCard);
    expect(await (await session(card)).allocateKeyRef(new Set())).not.toEqual(allocation);
  });
});
