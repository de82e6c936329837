/**
 * The renewal machine's token port over the card-profile seam. The management key (from the CA profile's
 * policy, issue 10 §2) lives only as long as one run: the caller wipes it when the run ends. A profile without
 * the renewal methods reads as "cannot move keys", so the new key reference is marked active instead.
 */
import type { RelocateKeyResult, RenewalTokenPort } from '../flows/renewal';
import type { TokenSession } from '../cards/seam';

export interface TokenAccess {
  /** The open session of the token (opened afresh after an unplug) and its serial as read at open. */
  current(): Promise<{ session: TokenSession; serial: string }>;
}

export function renewalTokenPort(access: TokenAccess, adminKey: Uint8Array): RenewalTokenPort {
  const session = async (): Promise<TokenSession> => (await access.current()).session;
  return {
    // The per-step card guard needs the card in the reader now (issue 15 §4 review A): after a handover another
    // card of the same model can answer behind the same token id. A profile without readIdentity: the open's read.
    serial: async () => {
      const { session: s, serial } = await access.current();
      return s.readIdentity ? ((await s.readIdentity()) ?? '') : serial; // '' as renewal-service names a card without one
    },
    generateKey: async (keyRef, algorithm) => (await session()).generateKey(keyRef, algorithm, adminKey),
    signWithPin: async (keyRef, data, pin, algorithm) => (await session()).signWithPin(keyRef, data, pin, algorithm),
    readCertificate: async (keyRef) => {
      const s = await session();
      if (s.readCertificate) return s.readCertificate(keyRef);
      return (await s.listCertificates()).find((c) => c.keyRef === keyRef)?.der ?? null;
    },
    writeCertificate: async (keyRef, der) => (await session()).writeCertificate(keyRef, der, adminKey),
    deleteCertificate: async (keyRef) => {
      const s = await session();
      if (s.deleteCertificate) await s.deleteCertificate(keyRef, adminKey);
    },
    canMoveKeys: async () => {
      const s = await session();
      return s.canMoveKeys ? s.canMoveKeys() : false;
    },
    relocateKey: async (from, to): Promise<RelocateKeyResult> => {
      const s = await session();
      return s.relocateKey ? s.relocateKey(from, to, adminKey) : 'unsupported';
    },
  };
}
