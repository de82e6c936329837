/**
 * The response envelope the app hands back through the portal to its server (issue 9 §1):
 * {"v":1,"fmt":"raw","alg":…,"clientDataJSON":b64url,"signature":b64url,"cert":b64 DER,"chain":[b64 DER,…]}.
 */
import type { SignInAlg } from './algorithms';
import { bytesToBase64, bytesToBase64Url } from './base64';

export const ENVELOPE_VERSION = 1;
export const ENVELOPE_FORMAT = 'raw';

export interface SignInEnvelope {
  readonly v: typeof ENVELOPE_VERSION;
  readonly fmt: typeof ENVELOPE_FORMAT;
  readonly alg: SignInAlg;
  /** base64url of the exact signed bytes. */
  readonly clientDataJSON: string;
  /** base64url: RSA raw (modulus length), ECDSA and SM2 DER SEQUENCE{r, s}. */
  readonly signature: string;
  /** base64 (padded, RFC 4648 §4) DER of the signer certificate. */
  readonly cert: string;
  /** base64 DER of intermediates the token or app holds, nearest first; may be empty. */
  readonly chain: readonly string[];
}

export interface EnvelopeParts {
  readonly alg: SignInAlg;
  readonly clientData: Uint8Array;
  readonly signature: Uint8Array;
  readonly certificate: Uint8Array;
  readonly chain?: readonly Uint8Array[];
}

export function buildEnvelope(parts: EnvelopeParts): SignInEnvelope {
  return {
    v: ENVELOPE_VERSION,
    fmt: ENVELOPE_FORMAT,
    alg: parts.alg,
    clientDataJSON: bytesToBase64Url(parts.clientData),
    signature: bytesToBase64Url(parts.signature),
    cert: bytesToBase64(parts.certificate),
    chain: (parts.chain ?? []).map(bytesToBase64),
  };
}
