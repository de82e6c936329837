/**
 * Management-key authentication once per card session instead of before every administrator command (issue 15
 * bench: a renewal spent 15 of its 36 APDUs re-authenticating — GET METADATA 9B and two GENERAL AUTHENTICATE
 * each time). The card keeps the security status until it is reset (SP 800-73-4 Part 2 §2.4: security status is
 * volatile, cleared by a reset). The key itself is not kept: only a weak reference to the caller's array, which
 * the caller wipes when its run ends (a new run brings a new array and authenticates anew). When the card lost
 * the status anyway (another program reset it), the command answers 6982 and is sent once more after
 * authenticating again — an administrator command, never a PIN command (DESIGN.md §7: PINs are never retried).
 */
import { SecurityStatusNotSatisfiedError } from '../../apdu';
import type { PivSession } from './session';

export class AdminAuthentication {
  private current: WeakRef<Uint8Array> | null = null;

  constructor(private readonly piv: PivSession) {}

  async run<T>(adminKey: Uint8Array, operation: () => Promise<T>): Promise<T> {
    const cached = this.current?.deref() === adminKey;
    if (!cached) await this.authenticate(adminKey);
    try {
      return await operation();
    } catch (error) {
      if (!cached || !(error instanceof SecurityStatusNotSatisfiedError)) throw error;
      await this.authenticate(adminKey);
      return operation();
    }
  }

  private async authenticate(adminKey: Uint8Array): Promise<void> {
    this.current = null;
    await this.piv.authenticate(adminKey);
    this.current = new WeakRef(adminKey);
  }
}
