/**
 * What a command handler sees: the persistent state, the volatile security status of the current power
 * cycle (SP 800-73-4 Part 2 §2.4: a reset clears it), and a hook to report persistent changes.
 */
import type { CardCommand } from './card-codec';
import type { CardState } from './card-state';

export interface CardSession {
  selected: boolean;
  /** PIN verified in this power cycle (security status for PIN policy "once"). */
  pinVerified: boolean;
  /**
   * Set by a successful VERIFY of the PIN and cleared by the very next command (piv-card.ts), so only a
   * GENERAL AUTHENTICATE that directly follows VERIFY can use a PIN-"always" key (SP 800-73-4 Part 1 §3.2,
   * PIN Always: "the PIN must be verified immediately before each use").
   */
  pinFresh: boolean;
  managementKeyAuthenticated: boolean;
  /** The plaintext the card expects back in the second step of management-key authentication. */
  pendingAuth?: { readonly kind: 'witness' | 'challenge'; readonly algorithm: number; readonly expect: Uint8Array };
}

export function newSession(): CardSession {
  return { selected: false, pinVerified: false, pinFresh: false, managementKeyAuthenticated: false };
}

export interface CardContext {
  readonly state: CardState;
  readonly session: CardSession;
  /** Whether the command before this one was a successful VERIFY of the PIN (the "always" status). */
  readonly pinJustVerified: boolean;
  /** Slots whose keys made with the default PIN policy need VERIFY immediately before each use. */
  readonly pinAlwaysSlots: ReadonlySet<number>;
  /** What GET VERSION answers; commands newer than it answer 6D00 as on a real older key. */
  readonly firmwareVersion: readonly [number, number, number];
  /** GENERATE/IMPORT accept Yubico's PIN/touch policy tags AA/AB (card-kinds.ts); a plain card answers 6A80. */
  readonly policyTags: boolean;
  /** Called after every change of persistent state, so the owner can save it. */
  changed(): void;
  random(length: number): Uint8Array;
}

/** Answers response data with 9000, or throws `VirtualCardStatusError` for any other status word. */
export type CommandHandler = (command: CardCommand, context: CardContext) => Promise<Uint8Array> | Uint8Array;
