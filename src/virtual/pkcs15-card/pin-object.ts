/**
 * A PIN object with its retry counter, as the card keeps it (ISO 7816-4 §11.5.6–7): the reference data is
 * stored exactly as the AODF says the host sends it (padded to storedLength), and compared byte for byte.
 */
import { SW } from '../virtual-token/status-words';
import { reject } from '../virtual-token/card-status';

export interface PinObjectSpec {
  /** P2 of VERIFY (the AODF's pinReference). */
  readonly reference: number;
  /** Reference data as stored: the encoded, padded PIN. */
  readonly stored: Uint8Array;
  readonly maxTries: number;
}

export class PinObject {
  readonly reference: number;
  readonly maxTries: number;
  private stored: Uint8Array;
  private tries: number;
  private verified = false;

  constructor(spec: PinObjectSpec) {
    this.reference = spec.reference;
    this.stored = spec.stored.slice();
    this.maxTries = spec.maxTries;
    this.tries = spec.maxTries;
  }

  get triesLeft(): number {
    return this.tries;
  }

  get isVerified(): boolean {
    return this.verified;
  }

  /** A reset ends the verified state (§11.5.6: security status is volatile). */
  reset(): void {
    this.verified = false;
  }

  /** VERIFY without data: the state, no try spent — 9000 verified, 6983 blocked, else 63Cx. */
  status(): number {
    if (this.verified) return SW.SUCCESS;
    if (this.tries === 0) return SW.AUTH_METHOD_BLOCKED;
    return SW.VERIFY_FAIL_BASE | this.tries;
  }

  /** Compares and counts: a wrong value costs a try (63Cx; 63C0 on the last), a blocked PIN answers 6983. */
  check(candidate: Uint8Array): void {
    if (this.tries === 0) reject(SW.AUTH_METHOD_BLOCKED, 'PIN blocked');
    const same = candidate.length === this.stored.length && candidate.every((byte, i) => byte === this.stored[i]);
    if (!same) {
      this.tries -= 1;
      this.verified = false;
      reject(SW.VERIFY_FAIL_BASE | this.tries, 'wrong PIN');
    }
    this.tries = this.maxTries;
    this.verified = true;
  }

  change(next: Uint8Array): void {
    this.stored = next.slice();
  }

  /** Test hook: block or restore the counter directly. */
  setTries(tries: number): void {
    this.tries = tries;
  }
}
