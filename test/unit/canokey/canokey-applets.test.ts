/**
 * The CanoKey emulator keeps a security status exactly where canokey-core 26dc6e8 does (review of issue 18):
 * apdu.c process_apdu — SELECT of another applet the key has runs applets_poweroff() (PIV's PIN, PUK and
 * management-key status gone), SELECT of an AID it lacks answers 6A82 and leaves the current applet and its
 * status, commands without SELECT reach the current applet; piv.c piv_select resets the status on every SELECT of
 * PIV. And the web link's close clears it the firmware's way (canokey-security-reset.ts).
 */
import { describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../../src/cards/piv/constants';
import { CanoKeySecurityResetError } from '../../../src/sources/canokey/canokey-errors';
import { CANOKEY_POWER_OFF_SELECT } from '../../../src/sources/canokey/canokey-security-reset';
import { CanoKeyApplets } from '../../../src/virtual/canokey/canokey-applets';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { canokeyStack, hex, SELECT_PIV, toHex } from './canokey-stack';
import { errorText } from '../../../src/shared/errors/error-text-registry';

const PIN = Uint8Array.from([...new TextEncoder().encode(FACTORY_DEFAULTS.PIN), 0xff, 0xff]);
const VERIFY_PIN = Uint8Array.from([0x00, 0x20, 0x00, 0x80, 0x08, ...PIN]);
/** VERIFY without data: 9000 while the PIN is verified, 63Cx otherwise (SP 800-73-4 Part 2 §3.2.1). */
const PIN_STATE = hex('0020008000');
const SELECT_ADMIN = hex('00A4040005F000000000');
const SELECT_OATH = hex('00A4040007A0000005272101');
const SELECT_UNKNOWN = hex('00A4040005D2760001FF');

const swOf = (response: Uint8Array): string => toHex(response.subarray(-2));

async function verifiedCanoKey(): Promise<CanoKeyApplets> {
  const applets = new CanoKeyApplets(PivCard.create({ kind: 'canokey' }));
  await applets.powerOn();
  expect(swOf(await applets.transmit(SELECT_PIV))).toBe('9000');
  expect(swOf(await applets.transmit(VERIFY_PIN))).toBe('9000');
  expect(swOf(await applets.transmit(PIN_STATE))).toBe('9000');
  return applets;
}

describe('CanoKey applet dispatcher (apdu.c)', () => {
  it('SELECT of another applet the key has powers PIV off: back in PIV the PIN is no longer verified', async () => {
    for (const other of [SELECT_ADMIN, SELECT_OATH]) {
      const applets = await verifiedCanoKey();
      expect(swOf(await applets.transmit(other))).toBe('9000');
      expect(applets.current).not.toBe('piv');
      expect(swOf(await applets.transmit(PIN_STATE))).not.toBe('9000'); // the other applet answers, not PIV
      expect(swOf(await applets.transmit(SELECT_PIV))).toBe('9000');
      expect(swOf(await applets.transmit(PIN_STATE))).toMatch(/^63C/);
    }
  });

  it('SELECT of an AID the key lacks answers 6A82 and leaves PIV current with its status', async () => {
    const applets = await verifiedCanoKey();
    expect(swOf(await applets.transmit(SELECT_UNKNOWN))).toBe('6A82');
    expect(applets.current).toBe('piv');
    expect(swOf(await applets.transmit(PIN_STATE))).toBe('9000');
  });

  it('re-SELECT of PIV resets its status on the CanoKey kind (piv_select), not on a YubiKey kind', async () => {
    const canokey = await verifiedCanoKey();
    expect(swOf(await canokey.transmit(SELECT_PIV))).toBe('9000');
    expect(swOf(await canokey.transmit(PIN_STATE))).toMatch(/^63C/);

    const yubikey = PivCard.create();
    await yubikey.powerOn();
    await yubikey.transmit(SELECT_PIV);
    await yubikey.transmit(VERIFY_PIN);
    await yubikey.transmit(SELECT_PIV);
    expect(swOf(await yubikey.transmit(PIN_STATE))).toBe('9000');
  });

  it('before any SELECT there is no current applet: a PIV command answers 6A82', async () => {
    const applets = new CanoKeyApplets(PivCard.create({ kind: 'canokey' }));
    await applets.powerOn();
    expect(swOf(await applets.transmit(PIN_STATE))).toBe('6A82');
  });
});

describe('CanoKey web link close clears the security status', () => {
  it('the last command a closing transport sends is SELECT of the admin applet, which the key answers 9000', async () => {
    const { key, transport } = await canokeyStack();
    const sent: string[] = [];
    const inner = key.controlTransferOut.bind(key);
    key.controlTransferOut = (setup, data) => {
      if (data !== undefined && ArrayBuffer.isView(data)) sent.push(toHex(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      return inner(setup, data);
    };
    await transport.exchange(SELECT_PIV);
    await transport.exchange(VERIFY_PIN);
    await transport.close();
    expect(sent.at(-1)).toBe(toHex(CANOKEY_POWER_OFF_SELECT));
    expect(key.applets.current).toBe('admin');
  });

  it('when the key cannot be reached for the reset (CCID took the buffer), close still lets go and says so', async () => {
    let now = 0;
    const { key, transport } = await canokeyStack({ key: { now: () => now } });
    await transport.exchange(SELECT_PIV);
    await transport.exchange(VERIFY_PIN);
    now += 2_500; // the key freed its buffer after 2 s idle; native middleware takes it
    expect(key.ccidAcquireBuffer()).toBe(true);
    const failure = await transport.close().then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(CanoKeySecurityResetError);
    expect(key.configurations[0]!.interfaces.find((i) => i.interfaceNumber === transport.interfaceNumber)!.claimed).toBe(false);
    expect(key.opened).toBe(false);
    expect(errorText('CanoKeySecurityResetError', 'zh-CN')?.whatToDo).toContain('拔下');
    expect(errorText('CanoKeySecurityResetError', 'en')?.whatToDo).toContain('Unplug');
  });

  it('a link that never got a command through has nothing to clear: close resolves', async () => {
    const { key, transport } = await canokeyStack();
    expect(key.ccidAcquireBuffer()).toBe(true);
    await expect(transport.close()).resolves.toBeUndefined();
  });

  it('after an unplug close sends nothing (the power, and the status with it, is gone)', async () => {
    const { key, bus, transport } = await canokeyStack();
    await transport.exchange(SELECT_PIV);
    const before = key.commandCount;
    bus.unplug(key);
    await expect(transport.close()).resolves.toBeUndefined();
    expect(key.commandCount).toBe(before);
  });
});
