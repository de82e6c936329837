/**
 * The renewal machine's token port over the card-profile seam. The management key (from the CA profile's
 * policy, issue 10 §2) lives only as long as one run: the caller wipes it when the run ends. A profile without
 * the renewal methods reads as "cannot move keys", so the new slot is marked active instead.
 */
import type { MoveKeyResult, RenewalTokenPort } from '../flows/renewal/ports';
import type { TokenSession } from '../cards/seam/token-session';

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
    generateKey: async (slot, algorithm) => (await session()).generateKey(slot, algorithm, adminKey),
    signWithPin: async (slot, data, pin, algorithm) => (await session()).signWithPin(slot, data, pin, algorithm),
    readCertificate: async (slot) => {
      const s = await session();
      if (s.readCertificate) return s.readCertificate(slot);
      return (await s.listCertificates()).find((c) => c.keyRef === slot)?.der ?? null;
    },
    writeCertificate: async (slot, der) => (await session()).writeCertificate(slot, der, adminKey),
    deleteCertificate: async (slot) => {
      const s = await session();
      if (s.deleteCertificate) await s.deleteCertificate(slot, adminKey);
    },
    canMoveKeys: async () => {
      const s = await session();
      return s.canMoveKeys ? s.canMoveKeys() : false;
    },
    moveKey: async (from, to): Promise<MoveKeyResult> => {
      const s = await session();
      return s.moveKey ? s.moveKey(from, to, adminKey) : 'unsupported';
    },
  };
}
