/**
 * Online unlock and PIN unblock on every card kind (issue 15 §1, "Done when": every flow on every kind), over
 * the worker's UnlockService, the PIV profile, virtual USB CCID and the reference CA over real HTTP:
 * register online unlock (PUK escrow) → block the PIN → file a request → the operator approves → the code and
 * a new PIN unblock the card → the PUK was rotated and escrowed again; the local unblock with a known PUK
 * (RESET RETRY COUNTER, SP 800-73-4 Part 2 §3.2.3) and the PUK change (CHANGE REFERENCE DATA, §3.2.2).
 *
 * What the cards do differs. A YubiKey (5.4 and 5.7 alike: GET METADATA from 5.3) and a CanoKey tell PUK tries
 * and "still the factory PUK" without spending a try and ship with the PUK 12345678 (their documentation); a
 * plain SP 800-73-4 card tells neither (no GET METADATA, Part 2 §3 has no such command), and its PUK is set by
 * the issuer — so its PUK tries are only ever learnt from a PUK command's own 63Cx answer, and no PUK is guessed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveUnlock } from '../../src/servers/ca-server/unlock/approve';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { WrongPinError } from '../../src/apdu/errors';
import { UnlockStateError } from '../../src/flows/unlock/errors';
import { CARD_KINDS, cardKind, type CardKindId } from '../../src/virtual/virtual-token/card-kinds';
import { kindWorld, startHttpCa, type HttpCa, type KindWorld } from '../unit/unlock/support/kind-world';

const FACTORY_PIN = '123456';
/** The PUK a plain card's issuer set (SP 800-73-4 names no factory value): told to the holder on paper. */
const ISSUER_PUK = '31415926';

let http: HttpCa;
beforeAll(async () => {
  http = await startHttpCa();
});
afterAll(() => http.close());

/** The kind's documented factory PUK; null when the issuer sets it (card-kinds.ts). */
const factoryPukOf = (kind: CardKindId): string | null => cardKind(kind).factoryPuk;

/** A world whose card holds the PUK its holder was given: the factory one, or the issuer's. */
async function world(kind: CardKindId): Promise<{ w: KindWorld; puk: string }> {
  const w = await kindWorld(kind, http);
  const factory = factoryPukOf(kind);
  if (factory !== null) return { w, puk: factory };
  const { session } = await w.tokens.get(DEMO_TOKEN_ID);
  await session.changeUnblockCode(w.cardPuk(), ISSUER_PUK); // the issuer's personalisation
  w.events.length = 0;
  return { w, puk: ISSUER_PUK };
}

async function session(w: KindWorld) {
  return (await w.tokens.get(DEMO_TOKEN_ID)).session;
}

async function blockPin(w: KindWorld): Promise<void> {
  const s = await session(w);
  for (let i = 0; i < 3; i++) await s.verifyPin('99999999').catch(() => undefined);
  expect((await s.pinStatus()).pin.blocked).toBe(true);
}

async function pinSigns(w: KindWorld, pin: string): Promise<boolean> {
  return (await (await session(w)).signWithPin(0x9a, new TextEncoder().encode('解锁后签名'), pin)).length > 0;
}

const pukTriesOnCard = (w: KindWorld): number => w.card.toJSON().pukRetriesLeft;

/** Registers with what the holder knows: nothing more for a documented factory PUK, the issuer's PUK otherwise. */
async function register(kind: CardKindId, w: KindWorld, puk: string) {
  return w.service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_PIN, ...(factoryPukOf(kind) === null ? { currentUnblockCode: puk } : {}) });
}

describe.each(CARD_KINDS.map((k) => k.id))('unlock on a %s', (kind) => {
  const tellsPuk = cardKind(kind).vendorInstructions.has(0xf7); // GET METADATA

  it('registers, unblocks a blocked PIN with the operator code, and rotates the PUK through the escrow', async () => {
    const { w, puk } = await world(kind);
    const registered = await register(kind, w, puk);
    expect(registered.status.registered).toBe(true);
    const first = w.cardPuk();
    expect(first).not.toBe(puk);
    expect(await http.committedPuk(w.keySerial)).toBe(first);

    await blockPin(w);
    const filed = await w.service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    expect(filed.pinBlocked).toBe(true);
    const approval = await approveUnlock(http.ca, http.repository, filed.request!.requestId);
    const result = await w.service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357', revealNewUnblockCode: true });
    expect(result.rotationError).toBeNull();
    expect(result.status.pinBlocked).toBe(false);
    expect(result.status.registered).toBe(true);
    expect(await pinSigns(w, '24681357')).toBe(true);
    const rotated = w.cardPuk();
    expect(rotated).not.toBe(first);
    expect(result.newUnblockCode).toBe(rotated);
    expect(await http.committedPuk(w.keySerial)).toBe(rotated);
    // Tries: the card tells them where it can (GET METADATA), else they stay unknown — never learnt by a try.
    expect(result.status.unblockCodeTriesLeft).toBe(tellsPuk ? 3 : null);
    expect(pukTriesOnCard(w)).toBe(3);
  });

  it('a PUK the holder does not state is never guessed on a card whose PUK the issuer set', async () => {
    const { w, puk } = await world(kind);
    // The screen makes the current PUK a required field exactly where the card has no public factory PUK.
    expect((await w.service.unlockStatus(DEMO_TOKEN_ID)).unblockCodeRequired).toBe(factoryPukOf(kind) === null);
    if (factoryPukOf(kind) !== null) {
      // Documented factory PUK and still factory: registration needs nothing more (and spends no try).
      expect((await w.service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_PIN })).status.registered).toBe(true);
    } else {
      await expect(w.service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_PIN })).rejects.toMatchObject({ name: UnlockStateError.name, problem: 'unblock-code-needed' });
      expect(w.cardPuk()).toBe(puk);
      expect(w.events).not.toContain('post'); // refused before any CA round trip
    }
    expect(pukTriesOnCard(w)).toBe(3);
  });

  it('registration: the CA stores the pending escrow first, then the PUK changes run back to back, then the commit', async () => {
    const { w, puk } = await world(kind);
    await register(kind, w, puk);
    const changes = w.events.filter((e) => e === 'change-puk').length;
    // Documented factory PUK: factory → new (one change). Issuer's PUK on a card that cannot tell: old → new at
    // once, never through a public PUK the card could not later confirm (one change).
    expect(changes).toBe(1);
    expect(w.events).toEqual(['post', 'post', 'change-puk', 'post']);
  });

  it('rotation after an unlock: code released, PIN reset once, pending escrow stored, PUK changes back to back, commit', async () => {
    const { w, puk } = await world(kind);
    await register(kind, w, puk);
    await blockPin(w);
    const filed = await w.service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(http.ca, http.repository, filed.request!.requestId);
    w.events.length = 0;
    await w.service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' });
    // Old → factory → new where the card can confirm the factory PUK after a crash (GET METADATA); else old → new.
    const changes: readonly string[] = tellsPuk ? ['change-puk', 'change-puk'] : ['change-puk'];
    expect(w.events).toEqual(['post', 'reset-retry-counter', 'post', 'post', ...changes, 'post']);
  });

  it('a rotation whose CA fails after the unlock is told (rotationError), and the card keeps the released PUK', async () => {
    const { w, puk } = await world(kind);
    await register(kind, w, puk);
    const escrowed = w.cardPuk();
    await blockPin(w);
    const filed = await w.service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(http.ca, http.repository, filed.request!.requestId);
    w.fault.at = (n) => (n === 3 ? 'fail' : null); // 1 release, 2 escrow key, 3 the pending store
    w.fault.armed = true;
    const result = await w.service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' });
    expect(result.status.pinBlocked).toBe(false);
    expect(result.rotationError?.name).toBe('UnlockTransferError');
    expect(w.cardPuk()).toBe(escrowed);
    expect(result.status.registered).toBe(true);
  });

  it('pulled out right after the card changed its PUK: resumed by what the card says, never by trying a PUK', async () => {
    const { w, puk } = await world(kind);
    let armed = true;
    w.accepted = (command) => {
      if (armed && command === 'change-puk') {
        armed = false;
        w.unplug(); // the card acted; its answer never reaches the app
      }
    };
    const first = await register(kind, w, puk).catch((e: unknown) => e);
    expect((first as Error).name).toBe('DeviceDisconnectedError');
    w.plug();
    const resumed = await w.service.resumeEscrow({ tokenId: DEMO_TOKEN_ID }).catch((e: unknown) => e);
    if (tellsPuk) {
      // GET METADATA says the PUK is no longer the factory one: the change happened; the stored commit is sent.
      expect((resumed as { registered: boolean }).registered).toBe(true);
      expect(await http.committedPuk(w.keySerial)).toBe(w.cardPuk());
    } else {
      // The card cannot say whether the change happened: unresolved, told, and no PUK is tried to find out.
      expect(resumed).toBeInstanceOf(UnlockStateError);
      expect((resumed as UnlockStateError).problem).toBe('escrow-unresolved');
    }
    expect(pukTriesOnCard(w)).toBe(3);
  });

  it('local unblock with the known PUK (RESET RETRY COUNTER), a wrong PUK told with its tries, and a PUK change', async () => {
    const { w, puk } = await world(kind);
    const s = await session(w);
    await blockPin(w);
    // A wrong PUK: the card's own 63Cx answer is the only source of PUK tries on a card without metadata.
    const wrong = await s.unblockPin('00000000', '24681357').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongPinError);
    expect((wrong as WrongPinError).attemptsRemaining).toBe(2);
    expect((await s.pinStatus()).unblockCode?.attemptsRemaining ?? null).toBe(tellsPuk ? 2 : null);
    await s.unblockPin(puk, '24681357');
    expect(await pinSigns(w, '24681357')).toBe(true);
    expect(pukTriesOnCard(w)).toBe(3); // a correct PUK restores its counter (Part 2 §3.2.3)
    await s.changeUnblockCode(puk, '86420864');
    expect(w.cardPuk()).toBe('86420864');
    const after = (await s.pinStatus()).unblockCode;
    expect(after?.isDefault ?? null).toBe(tellsPuk ? false : null);
  });
});
