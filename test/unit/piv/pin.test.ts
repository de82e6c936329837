import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { toHex } from '../../../src/apdu/hex';
import { PinFormatError } from '../../../src/cards/piv/errors';
import { encodePin } from '../../../src/cards/piv/pin';
import { PivSession } from '../../../src/cards/piv/session';
import { ScriptedTransport, SELECT_OK, VERSION_543, VERSION_NONE, type Step } from './scripted-transport';

async function session(steps: readonly Step[]): Promise<{ s: PivSession; t: ScriptedTransport }> {
  const t = new ScriptedTransport([SELECT_OK, ...steps]);
  return { s: await PivSession.open(t), t };
}

describe('encodePin (SP 800-73-4 Part 2 §2.4.3)', () => {
  it('pads a 6-digit PIN with FF to 8 bytes', () => {
    expect(toHex(encodePin('123456'))).toBe('313233343536FFFF');
  });
  it('keeps an 8-character letters+digits PIN whole', () => {
    expect(toHex(encodePin('ab12CD34'))).toBe('61623132434433' + '34');
  });
  it.each([
    ['12345', 'too-short'],
    ['123456789', 'too-long'],
    ['12345６', 'charset'],
    ['1234\n56', 'charset'],
  ])('refuses %j (%s) and never truncates', (pin, reason) => {
    const error = (() => {
      try {
        encodePin(pin);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PinFormatError);
    expect((error as PinFormatError).reason).toBe(reason);
    expect(JSON.stringify((error as PinFormatError).toFields())).not.toContain(pin);
  });
  it('property: any string gives 8 bytes holding exactly the PIN, or a PinFormatError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12, unit: 'binary' }), (pin) => {
        try {
          const bytes = encodePin(pin);
          expect(bytes).toHaveLength(8);
          expect(String.fromCharCode(...bytes.subarray(0, pin.length))).toBe(pin);
          expect(bytes.subarray(pin.length).every((b) => b === 0xff)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(PinFormatError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('PIN commands are byte-exact and sent once', () => {
  it('VERIFY pads with FF', async () => {
    const { s, t } = await session([['0020008008313233343536FFFF', '9000']]);
    await s.verifyPin('123456');
    expect(t.done).toBe(true);
  });

  it('a wrong PIN raises WrongPinError with tries left and is not retried', async () => {
    const { s, t } = await session([['0020008008313131313131FFFF', '63C2']]);
    const error = await s.verifyPin('111111').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).attemptsRemaining).toBe(2);
    expect(t.sent.filter((c) => c.startsWith('00200080'))).toHaveLength(1);
  });

  it('accepts the 630x quirk as tries left', async () => {
    const { s } = await session([['0020008008313131313131FFFF', '6301']]);
    await expect(s.verifyPin('111111')).rejects.toMatchObject({ name: 'WrongPinError', attemptsRemaining: 1 });
  });

  it('6983 raises PinBlockedError', async () => {
    const { s } = await session([['0020008008313131313131FFFF', '6983']]);
    await expect(s.verifyPin('111111')).rejects.toBeInstanceOf(PinBlockedError);
  });

  it('a too-long PIN sends nothing', async () => {
    const { s, t } = await session([]);
    await expect(s.verifyPin('123456789')).rejects.toBeInstanceOf(PinFormatError);
    expect(t.sent).toHaveLength(1);
  });

  it('CHANGE REFERENCE DATA for the PIN: old then new, each padded', async () => {
    const { s, t } = await session([['0024008010313233343536FFFF3837363534333231', '9000']]);
    await s.changePin('123456', '87654321');
    expect(t.done).toBe(true);
  });

  it('CHANGE REFERENCE DATA for the PUK uses key reference 81', async () => {
    const { s, t } = await session([['00240081103132333435363738393939393939FFFF', '9000']]);
    await s.changePuk('12345678', '999999');
    expect(t.done).toBe(true);
  });

  it('a bad new PIN in CHANGE sends nothing', async () => {
    const { s, t } = await session([]);
    await expect(s.changePin('123456', '12')).rejects.toMatchObject({ name: 'PinFormatError', reason: 'too-short' });
    expect(t.sent).toHaveLength(1);
  });

  it('RESET RETRY COUNTER: PUK then new PIN', async () => {
    const { s, t } = await session([['002C0080103132333435363738363534333231FFFF', '9000']]);
    await s.unblockPin('12345678', '654321');
    expect(t.done).toBe(true);
  });

  it('a wrong PUK reports PUK tries left', async () => {
    const { s } = await session([['002C0080103132333435363738363534333231FFFF', '63C1']]);
    await expect(s.unblockPin('12345678', '654321')).rejects.toMatchObject({ name: 'WrongPinError', attemptsRemaining: 1 });
  });
});

describe('PIN status spends no try', () => {
  it('uses GET METADATA 80 and 81 on a 5.3+ card, sending no VERIFY', async () => {
    const { s, t } = await session([
      VERSION_543,
      ['00F7008000', '01 01 FF 05 01 01 06 02 03 02 9000'],
      ['00F7008100', '01 01 FF 05 01 00 06 02 03 00 9000'],
    ]);
    expect(await s.getPinStatus()).toEqual({ attemptsRemaining: 2, totalAttempts: 3, blocked: false, isDefault: true });
    expect(await s.getPukStatus()).toEqual({ attemptsRemaining: 0, totalAttempts: 3, blocked: true, isDefault: false });
    expect(t.sent.some((c) => c.startsWith('0020'))).toBe(false);
  });

  it.each([
    ['63C3', { attemptsRemaining: 3, blocked: false }],
    ['6983', { attemptsRemaining: 0, blocked: true }],
    ['9000', { attemptsRemaining: null, blocked: false }],
  ])('uses an empty VERIFY (no data field) elsewhere: %s', async (sw, expected) => {
    const { s, t } = await session([VERSION_NONE, ['00200080', sw]]);
    expect(await s.getPinStatus()).toMatchObject(expected);
    expect(t.done).toBe(true);
  });

  it('reports PUK status as unknown without metadata (PIV has no try-free PUK check)', async () => {
    const { s, t } = await session([VERSION_NONE]);
    expect(await s.getPukStatus()).toEqual({ attemptsRemaining: null, totalAttempts: null, blocked: false, isDefault: null });
    expect(t.sent).toHaveLength(2);
  });
});
