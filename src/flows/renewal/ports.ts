/**
 * What the renewal state machine needs from the world, injected so the machine stays pure: the token (through
 * the card-profile seam, management key already resolved by the caller), the journal store, the CMP transfer
 * (direct fetch or the service-worker outbox) and a clock. The PIN is given per run and only passed to the
 * token's signWithPin (VERIFY right before each signature); it is never stored.
 */
import type { TransferResult } from '../../shared/cmp/client/transfer';
import type { TrustStore } from '../../shared/pki/trust-store';
import type { KeyAlgorithmName } from '../../cards/seam/token-session';
import type { RenewalJournalStore } from './journal';

/** MOVE KEY outcome: done, the card has no such command, or the source slot holds no key. */
export type MoveKeyResult = 'moved' | 'unsupported' | 'source-empty';

export interface RenewalTokenPort {
  /** Serial (or card identifier) of the token reachable now; throws the transport's error when unplugged. */
  serial(): Promise<string>;
  generateKey(slot: number, algorithm: KeyAlgorithmName): Promise<Uint8Array>;
  /** `algorithm`: the journal's, so a card that cannot report a fresh key's algorithm still signs (issue 15 §2). */
  signWithPin(slot: number, data: Uint8Array, pin: string, algorithm: KeyAlgorithmName): Promise<Uint8Array>;
  readCertificate(slot: number): Promise<Uint8Array | null>;
  /** PIV: PUT DATA of the slot's certificate object (+ Key History for retired slots, SP 800-73-4 §3.3.3). */
  writeCertificate(slot: number, der: Uint8Array): Promise<void>;
  deleteCertificate(slot: number): Promise<void>;
  /** The card can move a private key between slots (YubiKey MOVE KEY, firmware 5.7). */
  canMoveKeys(): Promise<boolean>;
  /** `to` null deletes the key. */
  moveKey(from: number, to: number | null): Promise<MoveKeyResult>;
}

export interface RenewalContext {
  readonly token: RenewalTokenPort;
  readonly store: RenewalJournalStore;
  send(url: string, der: Uint8Array, transactionIdHex: string): Promise<TransferResult>;
  readonly now: () => Date;
  readonly trustStore?: TrustStore;
  readonly pin: string;
}
