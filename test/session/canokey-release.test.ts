/**
 * Review finding on issue 18 (DESIGN.md §7, "a PIN lives only for the operation"): letting go of a CanoKey must
 * not leave its PIN or management key unlocked for the next holder of the web interface. The WebUSB link has no
 * power-off (canokey-core webusb.c only frees the APDU buffer after ~2 s idle), and the key's dispatcher keeps
 * the selected applet across that release (src/apdu.c current_applet), so the next page can send PIV commands
 * without a SELECT. Shaped like the reviewer's /tmp/N-repro/canokey-release.mts.
 */
import { describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS, Slot } from '../../src/cards/piv/constants';
import { PivSession } from '../../src/cards/piv/session';
import { PivTokenSession } from '../../src/cards/piv/token-session';
import { CanoKeyTransport } from '../../src/sources/canokey/canokey-transport';
import { HandoverSession } from '../../src/worker/token-handover-session';
import { cardKind } from '../../src/virtual/virtual-token/card-kinds';
import { canokeyStack, hex, SELECT_PIV, type CanoKeyStack } from '../unit/canokey/canokey-stack';
import { DEFAULT_MGM_KEY } from './stack';

const DIGEST = new Uint8Array(32).fill(7);
const SW_SUCCESS = 0x9000;
const SW_SECURITY_STATUS_NOT_SATISFIED = 0x6982;

/** GENERAL AUTHENTICATE with the 9A P-256 key (SP 800-73-4 Part 2 §3.2.4): 7C { 82 00, 81 <digest> }. */
function signApdu(): Uint8Array {
  return Uint8Array.from([0x00, 0x87, 0x11, 0x9a, 0x26, 0x7c, 0x24, 0x82, 0x00, 0x81, 0x20, ...DIGEST, 0x00]);
}

/** GENERATE ASYMMETRIC KEY PAIR in 9C, P-256 (SP 800-73-4 Part 2 §3.3.2). */
const GENERATE_9C = hex('0047009C05AC03800111 00');

function sw(response: Uint8Array): number {
  return (response[response.length - 2]! << 8) | response[response.length - 1]!;
}

/** A first user unlocks the key (management key, PIN), uses it, and the session lets go of it. */
async function unlockAndUse(stack: CanoKeyStack): Promise<PivSession> {
  const a = await PivSession.open(stack.transport);
  await a.authenticate(DEFAULT_MGM_KEY);
  await a.generateKey(Slot.AUTHENTICATION, 'ECC-P256');
  await a.signWithPin(Slot.AUTHENTICATION, DIGEST, FACTORY_DEFAULTS.PIN, 'SHA-256');
  return a;
}

/** The next holder of the web interface: another window's worker, or any page the user granted the key. */
function nextHolder(stack: CanoKeyStack): Promise<CanoKeyTransport> {
  return CanoKeyTransport.open(stack.key, { usb: stack.bus, keepaliveMs: 0 });
}

async function expectLocked(t2: CanoKeyTransport): Promise<void> {
  // Without a SELECT: whatever applet the key has current must not sign with 9A nor generate.
  expect(sw(await t2.exchange(signApdu()))).not.toBe(SW_SUCCESS);
  expect(sw(await t2.exchange(GENERATE_9C))).not.toBe(SW_SUCCESS);
  // With a SELECT of PIV and no VERIFY / no management key: refused for want of security status.
  expect(sw(await t2.exchange(SELECT_PIV))).toBe(SW_SUCCESS);
  expect(sw(await t2.exchange(signApdu()))).toBe(SW_SECURITY_STATUS_NOT_SATISFIED);
  expect(sw(await t2.exchange(GENERATE_9C))).toBe(SW_SECURITY_STATUS_NOT_SATISFIED);
}

describe('CanoKey let go: no security status survives for the next holder', () => {
  it('after the PIV session closes, raw commands on a new transport (no SELECT) neither sign nor generate', async () => {
    const stack = await canokeyStack();
    const a = await unlockAndUse(stack);
    await a.close();
    const t2 = await nextHolder(stack);
    await expectLocked(t2);
    await t2.close();
  });

  it("the reviewer's sequence: a new PIV session cannot sign with 9A without the PIN nor generate without the management key", async () => {
    const stack = await canokeyStack();
    const a = await unlockAndUse(stack);
    await a.close();
    const b = await PivSession.open(await nextHolder(stack));
    await expect(b.sign(Slot.AUTHENTICATION, DIGEST, 'SHA-256')).rejects.toThrow();
    await expect(b.generateKey(Slot.SIGNATURE, 'ECC-P256')).rejects.toThrow();
    await b.close();
  });

  it('a worker handing the token over (HandoverSession.release) leaves it locked', async () => {
    const stack = await canokeyStack();
    const first = new PivTokenSession(await PivSession.open(stack.transport));
    const held = new HandoverSession(first, {
      reopen: async () => new PivTokenSession(await PivSession.open(await nextHolder(stack))),
      idleMs: 60_000,
      onGone: () => undefined,
      tokenId: 'canokey',
    });
    await held.generateKey(Slot.AUTHENTICATION, 'ECC-P256', DEFAULT_MGM_KEY);
    await held.signWithPin(Slot.AUTHENTICATION, DIGEST, FACTORY_DEFAULTS.PIN, 'ECC-P256');
    await held.release({ yieldMs: 0 });
    expect(held.isReleased).toBe(true);
    const t2 = await nextHolder(stack);
    await expectLocked(t2);
    await t2.close();
    await held.close();
  });

  it('the PIN still works for the next holder after the reset (the reset spends no try)', async () => {
    const stack = await canokeyStack();
    const a = await unlockAndUse(stack);
    const before = await a.getPinStatus();
    await a.close();
    const b = await PivSession.open(await nextHolder(stack));
    expect((await b.getPinStatus()).attemptsRemaining).toBe(before.attemptsRemaining);
    const signature = await b.signWithPin(Slot.AUTHENTICATION, DIGEST, FACTORY_DEFAULTS.PIN, 'SHA-256');
    expect(signature.length).toBeGreaterThan(60);
    await b.close();
  });

  it('on firmware 1.x (the applet switch keeps the PIN, SELECT of PIV keeps all) the PIV session drops the PIN itself', async () => {
    // canokey-core 1.6.2: piv_poweroff clears in_admin_status only, piv_select resets nothing.
    const { selectResetsSecurity: _reset, ...firmware1 } = cardKind('canokey');
    const stack = await canokeyStack({ card: { kind: firmware1 }, key: { pivPowerOff: 'management-key' } });
    const a = await unlockAndUse(stack);
    await a.close();
    const t2 = await nextHolder(stack);
    await expectLocked(t2);
    await t2.close();
  });
});
