/**
 * Which key signs the online-unlock messages (issue 17 §3): the one the card's profile calls the authentication
 * key, whatever its key reference — not PIV's 9A by number. A PKCS#15 card numbers its keys 1, 2, ….
 */
import { describe, expect, it } from 'vitest';
import type { KeyCertificate, TokenSession } from '../../../src/cards/seam/token-session';
import { demoCaCertificateDer } from '../../../src/virtual/demo-ca/demo-ca';
import { pkcs15TestLayout } from '../../../src/virtual/pkcs15-card';
import type { OpenTokens } from '../../../src/worker/open-tokens';
import { tokenSender } from '../../../src/worker/unlock-token-port';

const INFO = { serialNumber: 'P15', cardIdentifier: null };

function tokensListing(certificates: KeyCertificate[], signedWith: number[]): OpenTokens {
  const session: Pick<TokenSession, 'listCertificates' | 'signWithPin'> = {
    listCertificates: async () => certificates,
    signWithPin: async (keyRef: number) => {
      signedWith.push(keyRef);
      return Uint8Array.of(0x30, 0x00);
    },
  };
  return { get: async () => ({ session, info: INFO }) } as unknown as OpenTokens;
}

describe('the online-unlock signing key', () => {
  it('is the authentication key by role, whatever its key reference', async () => {
    const layout = await pkcs15TestLayout();
    const [auth, sign] = layout.keys;
    // The signature key listed first, with the lower reference: PIV numbering would not tell them apart.
    const certificates: KeyCertificate[] = [
      { keyRef: 1, role: 'signature', der: sign!.certificate, error: null },
      { keyRef: 7, role: 'authentication', der: auth!.certificate, error: null },
    ];
    const signedWith: number[] = [];
    const sender = await tokenSender(tokensListing(certificates, signedWith), 'p15', 'P15', demoCaCertificateDer(), '1234');
    expect(Buffer.from(sender.certificate)).toEqual(Buffer.from(auth!.certificate));
    await sender.signer.sign(Uint8Array.of(1));
    expect(signedWith).toEqual([7]);
  });
});
