import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { InvalidCardStateError } from '../../../src/virtual/virtual-token/card-state';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { autoSave, loadCardState, saveCardState } from '../../../src/virtual/virtual-token/state-file';
import { apdu, authenticate, h, pinBlock, selectedCard, send, toHex } from './card-helpers';

describe('PivCard state', () => {
  it('round-trips counters, PIN, keys and objects through JSON', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const gen = await send(card, apdu(0, 0x47, 0, 0x9a, h('ac03800111'), true));
    expect((await send(card, apdu(0, 0xdb, 0x3f, 0xff, h('5c035fc10553037001aa')))).sw).toBe(0x9000);
    await send(card, `0024008010${pinBlock('123456')}${pinBlock('135790')}`);
    await send(card, `0020008008${pinBlock('000000')}`);

    const copy = PivCard.fromJSON(JSON.parse(JSON.stringify(card.toJSON())));
    await copy.powerOn();
    await send(copy, '00A4040005A000000308');
    expect((await send(copy, '00200080')).sw).toBe(0x63c2);
    expect(toHex((await send(copy, '00CB3FFF055C035FC10500')).data)).toBe('53037001aa');
    expect((await send(copy, `0020008008${pinBlock('135790')}`)).sw).toBe(0x9000);
    const digest = new Uint8Array(32).fill(9);
    const signed = await send(copy, apdu(0, 0x87, 0x11, 0x9a, Uint8Array.from([0x7c, 36, 0x82, 0, 0x81, 32, ...digest]), true));
    expect(signed.sw).toBe(0x9000);
    expect(p256.verify(signed.data.subarray(4), digest, gen.data.subarray(5), { prehash: false, format: 'der', lowS: false })).toBe(true);
  });

  it('forgets the verified PIN and management-key session on power-off', async () => {
    const card = await selectedCard();
    await send(card, `0020008008${pinBlock('123456')}`);
    await card.powerOff();
    await card.powerOn();
    await send(card, '00A4040005A000000308');
    expect((await send(card, '00200080')).sw).toBe(0x63c3);
  });

  it('rejects a malformed state with InvalidCardStateError naming the field', () => {
    const good = PivCard.create().toJSON();
    expect(() => PivCard.fromJSON({ ...good, pin: 'zz' })).toThrow(InvalidCardStateError);
    expect(() => PivCard.fromJSON({ ...good, pinRetriesLeft: -1 })).toThrow(/pinRetriesLeft/);
    expect(() => PivCard.fromJSON({ ...good, keys: { '9a': { algorithm: 17, jwk: { kty: 'oct' } } } })).toThrow(/keys\.9a/);
    expect(() => PivCard.fromJSON(null)).toThrow(InvalidCardStateError);
  });

  it('saves atomically to a file, auto-saves after state changes, and loads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-state-'));
    const file = join(dir, 'card.json');
    const fresh = await loadCardState(file, { pinRetries: 4 });
    await fresh.powerOn();
    await send(fresh, '00A4040005A000000308');
    const errors: unknown[] = [];
    const saver = autoSave(fresh, file, (e) => errors.push(e));
    await send(fresh, `0020008008${pinBlock('000000')}`);
    await saver.flush();
    expect(errors).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).pinRetriesLeft).toBe(3);
    const loaded = await loadCardState(file);
    expect(loaded.toJSON().pinRetriesLeft).toBe(3);
    await saveCardState(loaded, file);
    expect(JSON.parse(readFileSync(file, 'utf8')).pinRetriesTotal).toBe(4);
  });
});
