/**
 * What the renewal state machine needs from the world, injected so the machine stays pure: the token (through
 * the card-profile seam, management key already resolved by the caller), the journal store, the CMP transfer
 * (direct fetch or the service-worker outbox) and a clock. The PIN is given per run and only passed to the
 * token's signWithPin (VERIFY right before each signature); it is never stored.
 */
import type { TransferResult } from '../../shared/cmp';
import type { TrustStore } from '../../shared/pki';
import type { KeyAlgorithmName } from '../../cards/seam';
import type { RenewalJournalStore } from './journal';

/** Key relocation outcome: done, the card has no such command, or the source key reference holds no key. */
export type RelocateKeyResult = 'moved' | 'unsupported' | 'source-empty';

export interface RenewalTokenPort {
  /** Serial (or card identifier) of the token reachable now; throws the transport's error when unplugged. */
  serial(): Promise<string>;
  generateKey(keyRef: number, algorithm: KeyAlgorithmName): Promise<Uint8Array>;
  /** `algorithm`: the journal's, so a card that cannot report a fresh key's algorithm still signs (issue 15 §2). */
  signWithPin(keyRef: number, data: Uint8Array, pin: string, algorithm: KeyAlgorithmName): Promise<Uint8Array>;
  readCertificate(keyRef: number): Promise<Uint8Array | null>;
  /** Writes the certificate that goes with the key (how and where is the profile's business). */
  writeCertificate(keyRef: number, der: Uint8Array): Promise<void>;
  deleteCertificate(keyRef: number): Promise<void>;
  /** The card can move a private key between key references (a profile capability). */
  canMoveKeys(): Promise<boolean>;
  /** `to` null deletes the key. */
  relocateKey(from: number, to: number | null): Promise<RelocateKeyResult>;
}

export interface RenewalContext {
  readonly token: RenewalTokenPort;
  readonly store: RenewalJournalStore;
  send(url: string, der: Uint8Array, transactionIdHex: string): Promise<TransferResult>;
  readonly now: () => Date;
  readonly trustStore?: TrustStore;
  readonly pin: string;
}
