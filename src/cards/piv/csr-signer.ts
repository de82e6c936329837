/**
 * The PKCS#10 signer (src/shared/pki/csr.ts CsrSigner) backed by a PIV slot: the token's GENERAL AUTHENTICATE makes
 * the signature (SP 800-73-4 Part 2 §3.2.4), the host hashes and pads as PivSession.sign already does. The
 * signature is handed back in X.509 form: RSA raw (RFC 8017 §8.2), ECDSA as canonical DER
 * SEQUENCE { r INTEGER, s INTEGER } (RFC 5758 §3.2, X.690 §10) whatever non-minimal DER a card returns.
 */
import { NotSupportedError } from '../../shared/errors';
import { readChildren, readTlv, type CsrSignatureAlgorithm, type CsrSigner } from '../../shared/pki';
import { Algorithm, type SlotId } from './constants';
import { derSequence, derUnsignedInteger } from './der';
import { PivDataError } from './errors';
import type { AsymmetricAlgorithm } from './keys';
import type { PivSession } from './session';
import type { HashName } from './sign';

/**
 * Key algorithms a token CSR may be made for. `piv` is the card's algorithm id (Part 1 Table 5; SM2 the private
 * id in constants.ts), `hash` null for SM2, whose input is SM3(Z_A ‖ M) with the default signer ID (GM/T 0009 §10).
 */
export const TOKEN_CSR_ALGORITHMS = {
  'RSA-2048': { piv: Algorithm.RSA_2048, hash: 'SHA-256', signature: 'sha256WithRSAEncryption', fieldBytes: 0 },
  'ECC-P256': { piv: Algorithm.ECC_P256, hash: 'SHA-256', signature: 'ecdsa-with-SHA256', fieldBytes: 32 },
  'ECC-P384': { piv: Algorithm.ECC_P384, hash: 'SHA-384', signature: 'ecdsa-with-SHA384', fieldBytes: 48 },
  SM2: { piv: Algorithm.SM2, hash: null, signature: 'SM3withSM2', fieldBytes: 32 },
} as const satisfies Record<
  string,
  { piv: AsymmetricAlgorithm | null; hash: HashName | null; signature: CsrSignatureAlgorithm; fieldBytes: number }
>;
export type TokenCsrAlgorithm = keyof typeof TOKEN_CSR_ALGORITHMS;

const DER_INTEGER = 0x02;
const DER_SEQUENCE = 0x30;

export function isTokenCsrAlgorithm(name: string): name is TokenCsrAlgorithm {
  return Object.prototype.hasOwnProperty.call(TOKEN_CSR_ALGORITHMS, name);
}

/** The magnitude of a positive DER INTEGER of at most `fieldBytes` significant bytes, or null. */
function positiveMagnitude(content: Uint8Array, fieldBytes: number): Uint8Array | null {
  if (content.length === 0 || (content[0]! & 0x80) !== 0) return null; // X.690 §8.3.3: two's complement, r, s > 0
  let start = 0;
  while (start < content.length && content[start] === 0) start++;
  const magnitude = content.subarray(start);
  return magnitude.length === 0 || magnitude.length > fieldBytes ? null : magnitude;
}

/**
 * A card's ECDSA signature → canonical DER. Tokens have been seen padding INTEGERs with extra zero bytes;
 * OpenSSL 3 refuses a signature whose re-encoding differs, so we re-encode minimally. Anything that is not
 * SEQUENCE { INTEGER r, INTEGER s } with 0 < r, s < 2^(8·fieldBytes) → PivDataError.
 */
export function canonicalEcdsaSignature(signature: Uint8Array, fieldBytes: number, context = 'ECDSA signature'): Uint8Array<ArrayBuffer> {
  const outer = readTlv(signature);
  const parts = outer && outer.tag === DER_SEQUENCE && outer.raw.length === signature.length ? readChildren(outer.content) : null;
  if (!parts || parts.length !== 2 || parts.some((part) => part.tag !== DER_INTEGER)) {
    throw new PivDataError(context, 'not a DER SEQUENCE { INTEGER r, INTEGER s }');
  }
  const r = positiveMagnitude(parts[0]!.content, fieldBytes);
  const s = positiveMagnitude(parts[1]!.content, fieldBytes);
  if (!r || !s) throw new PivDataError(context, `r or s is zero, negative or longer than ${fieldBytes} bytes`);
  return derSequence(derUnsignedInteger(r), derUnsignedInteger(s));
}

/**
 * Signs a CertificationRequestInfo with the key in `slot`. With `pin`, VERIFY is sent right before the
 * GENERAL AUTHENTICATE (issue 7 §3: "PIN always" keys); without, the PIN must already be verified.
 */
export class PivCsrSigner implements CsrSigner {
  readonly algorithm: CsrSignatureAlgorithm;
  readonly keyAlgorithm: TokenCsrAlgorithm;
  private readonly session: PivSession;
  private readonly slot: SlotId;
  private readonly pin: string | undefined;

  /** Throws NotSupportedError for an unknown key algorithm name. SM2 signs under the private id Algorithm.SM2. */
  constructor(session: PivSession, slot: SlotId, keyAlgorithm: string, pin?: string) {
    if (!isTokenCsrAlgorithm(keyAlgorithm)) {
      throw new NotSupportedError(`CSR key algorithm ${keyAlgorithm}`, `No CSR can be made for key algorithm ${keyAlgorithm}`);
    }
    const spec = TOKEN_CSR_ALGORITHMS[keyAlgorithm];
    this.session = session;
    this.slot = slot;
    this.pin = pin;
    this.keyAlgorithm = keyAlgorithm;
    this.algorithm = spec.signature;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const spec = TOKEN_CSR_ALGORITHMS[this.keyAlgorithm];
    // The constructor refused algorithms without a PIV id; re-checked here so the types need no assertion.
    // SM2 has no separate hash choice: the session signs SM3(Z_A ‖ M) (sm2-sign.ts).
    const hash = spec.hash ?? undefined;
    const signature =
      this.pin === undefined
        ? await this.session.sign(this.slot, data, hash, spec.piv)
        : await this.session.signWithPin(this.slot, data, this.pin, hash, spec.piv);
    if (spec.fieldBytes === 0) return signature; // RSA: the raw signature block, modulus length (checked by sign)
    const context = `CSR signature ${this.slot.toString(16).toUpperCase()}`;
    return canonicalEcdsaSignature(signature, spec.fieldBytes, context);
  }
}
