/**
 * Where chain building finds issuers. The UI persists the CA certificates a user imports (idb) and the bundled
 * demo CA behind this interface; tests and the CLI use the in-memory store.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';

export interface TrustStoreEntry {
  readonly der: Uint8Array;
  /** A trust anchor; otherwise an intermediate that helps build paths but is not trusted by itself. */
  readonly anchor: boolean;
}

export interface TrustStore {
  certificates(): Promise<readonly TrustStoreEntry[]>;
}

export class MemoryTrustStore implements TrustStore {
  private readonly entries = new Map<string, TrustStoreEntry>();

  constructor(entries: readonly TrustStoreEntry[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: TrustStoreEntry): void {
    const key = bytesToHex(sha256(entry.der));
    const existing = this.entries.get(key);
    // Adding the same certificate as an anchor upgrades it; never downgrade an anchor silently.
    this.entries.set(key, { der: entry.der, anchor: entry.anchor || (existing?.anchor ?? false) });
  }

  addAnchor(der: Uint8Array): void {
    this.add({ der, anchor: true });
  }

  addIntermediate(der: Uint8Array): void {
    this.add({ der, anchor: false });
  }

  /** Removes by SHA-256 fingerprint (lowercase hex). */
  remove(sha256Hex: string): boolean {
    return this.entries.delete(sha256Hex);
  }

  async certificates(): Promise<readonly TrustStoreEntry[]> {
    return [...this.entries.values()];
  }
}
