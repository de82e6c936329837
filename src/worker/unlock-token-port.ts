/**
 * The unlock service's view of the token (issue 10 §4): the escrow machine's card port over the card-profile
 * seam, and the CMP sender made of the token's certificate from the CA and its key (VERIFY right before each
 * signature, issue 7 §3). The session is fetched per call, so an unplug-and-replug opens afresh; a different
 * token plugged in under the same id is refused.
 */
import type { SignatureSender } from '../shared/cmp';
import { parseCertificate } from '../shared/pki';
import { signatureAlgorithmFor, keyAlgorithmOf } from '../flows/renewal';
import type { KeyRole, TokenSession } from '../cards/seam';
import { UnlockStateError, type EscrowCardPort } from '../flows/unlock';
import type { OpenTokens } from './open-tokens';

/**
 * The key that signs for the holder (RFC 9483 §3.1 signature-based protection): the authentication key first,
 * then any other key the CA certified — by the role the card's profile gave it, never by its key reference.
 */
const ROLE_PREFERENCE: readonly KeyRole[] = ['authentication', 'signature', 'encryption', 'card-authentication', 'retired'];

export const keySerialOf = (info: { serialNumber: string | null; cardIdentifier: string | null }): string => info.serialNumber ?? info.cardIdentifier ?? '';

export async function tokenSession(tokens: OpenTokens, tokenId: string, keySerial: string | null): Promise<{ session: TokenSession; keySerial: string }> {
  const { session, info } = await tokens.get(tokenId);
  const serial = keySerialOf(info);
  if (keySerial !== null && serial !== keySerial) throw new UnlockStateError('other-token', `this key is ${serial}, not ${keySerial}`);
  return { session, keySerial: serial };
}

export function escrowCardPort(tokens: OpenTokens, tokenId: string, keySerial: string): EscrowCardPort {
  return {
    changeUnblockCode: async (current, next) => (await tokenSession(tokens, tokenId, keySerial)).session.changeUnblockCode(current, next),
    unblockCodeIsFactory: async () => (await (await tokenSession(tokens, tokenId, keySerial)).session.pinStatus()).unblockCode?.isDefault ?? null,
  };
}

/** The token's certificate issued by `caCertificate` and a signer over its key, using `pin` for each VERIFY. */
export async function tokenSender(tokens: OpenTokens, tokenId: string, keySerial: string, caCertificate: Uint8Array, pin: string): Promise<SignatureSender> {
  const { session } = await tokenSession(tokens, tokenId, keySerial);
  const caName = parseCertificate(caCertificate).subject.text;
  const fromCa = (await session.listCertificates()).filter((c) => c.der && parseCertificate(c.der).issuer.text === caName);
  fromCa.sort((a, b) => ROLE_PREFERENCE.indexOf(a.role) - ROLE_PREFERENCE.indexOf(b.role) || a.keyRef - b.keyRef);
  const chosen = fromCa[0];
  if (!chosen?.der) throw new UnlockStateError('no-ca-certificate', 'no certificate on this key was issued by the CA that keeps the unblock code');
  const keyRef = chosen.keyRef;
  return {
    certificate: chosen.der,
    chain: [caCertificate],
    signer: {
      algorithm: signatureAlgorithmFor(keyAlgorithmOf(chosen.der)),
      sign: async (data) => (await tokenSession(tokens, tokenId, keySerial)).session.signWithPin(keyRef, data, pin),
    },
  };
}
