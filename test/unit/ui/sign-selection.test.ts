/**
 * The sign popup's choice of certificate (issue 16 §2; code review 2026-12-06 defect 10 "the sign popup checks
 * the wrong key's tries"): the login certificate is preselected, and the PIN tries shown — the basis of
 * "ask before the last try" (DESIGN.md §7) — are always those of the chosen certificate's key, even when an
 * older answer for another key arrives late.
 */
import { describe, expect, it } from 'vitest';
import { SignSelection, type Selection } from '../../../src/ui/sign/sign-selection';
import type { PinStatusPair, SignInChoice } from '../../../src/worker/device-service-api';

const tries = (n: number): PinStatusPair => ({
  pin: { attemptsRemaining: n, totalAttempts: 3, blocked: n === 0, isDefault: false },
  unblockCode: { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: false },
});

function choice(tokenId: string, slot: number, preferred: boolean): SignInChoice {
  return {
    tokenId, keyRef: slot, role: slot === 0x9a ? 'authentication' : 'signature', alg: 'ES256', subjectDN: 'CN=张三', subject: { CN: '张三' },
    issuerDN: 'CN=BJCA', notAfter: '2027-01-01T00:00:00Z', preferred,
  };
}

/** A driver whose answers the test releases one by one, in any order. */
function slowDriver(byToken: Record<string, number>) {
  const pending: Array<{ tokenId: string; release: () => void }> = [];
  return {
    pending,
    driver: {
      getPinStatus: (tokenId: string) =>
        new Promise<PinStatusPair>((resolve) => pending.push({ tokenId, release: () => resolve(tries(byToken[tokenId]!)) })),
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('sign popup selection (defect 10)', () => {
  // Key A (signature first in the list) and key B whose 9A login certificate is the preferred one.
  const CHOICES = [choice('usb:A', 0x9c, false), choice('usb:B', 0x9a, true), choice('usb:A', 0x9a, false)];

  it('preselects the login certificate (preferred), not the first in the list, and shows its key\'s tries', async () => {
    const seen: Selection[] = [];
    const sel = new SignSelection({ getPinStatus: async (id) => tries(id === 'usb:B' ? 1 : 3) }, (s) => seen.push(s));
    await sel.load(CHOICES);
    expect(sel.current.chosen).toBe(1);
    expect(sel.current.status?.pin.attemptsRemaining).toBe(1);
  });

  it('re-reads the tries when the choice changes to another key', async () => {
    const sel = new SignSelection({ getPinStatus: async (id) => tries(id === 'usb:B' ? 1 : 3) }, () => undefined);
    await sel.load(CHOICES);
    await sel.choose(CHOICES, 0);
    expect(sel.current.chosen).toBe(0);
    expect(sel.current.status?.pin.attemptsRemaining).toBe(3);
    await sel.choose(CHOICES, 1);
    expect(sel.current.status?.pin.attemptsRemaining).toBe(1); // the last-try question is asked for key B
  });

  it('never shows the tries of a key no longer chosen, whatever order the answers arrive in', async () => {
    const { driver, pending } = slowDriver({ 'usb:A': 3, 'usb:B': 1 });
    const sel = new SignSelection(driver, () => undefined);
    const loading = sel.load(CHOICES);
    await flush();
    const choosing = sel.choose(CHOICES, 0); // the user picks key A before B's answer came
    await flush();
    pending.find((p) => p.tokenId === 'usb:A')!.release();
    await flush();
    pending.find((p) => p.tokenId === 'usb:B')!.release(); // B's answer arrives late
    await Promise.all([loading, choosing]);
    expect(sel.current.chosen).toBe(0);
    expect(sel.current.status?.pin.attemptsRemaining).toBe(3);
  });

  it('while the chosen key\'s tries are not known yet, none are shown (never another key\'s)', async () => {
    const { driver, pending } = slowDriver({ 'usb:A': 3, 'usb:B': 1 });
    const sel = new SignSelection(driver, () => undefined);
    const loading = sel.load(CHOICES);
    await flush();
    pending[0]!.release();
    await loading;
    void sel.choose(CHOICES, 0);
    expect(sel.current.status).toBeNull();
  });
});
