/** Builds signed login envelopes for tests: the app's builder for the bytes, OpenSSL for the signature. */
import { certificateHash } from '../../../../src/shared/signin/payload';
import { buildClientDataJson, type ClientDataFields } from '../../../../src/shared/signin/client-data';
import { buildEnvelope, type SignInEnvelope } from '../../../../src/shared/signin/envelope';
import type { SignInAlg } from '../../../../src/shared/signin/algorithms';
import type { LeafName, LoginPki } from './login-pki';

export const PORTAL = 'https://portal.example.cn';
export const AGENT = 'https://ukey.example.cn/v1';

const DEFAULT_ALG: Record<LeafName, SignInAlg> = {
  p256: 'ES256', rsa: 'RS256', p384: 'ES384', rsa1024: 'RS256', enc: 'ES256', revoked: 'ES256', expired: 'ES256', sm2: 'SM2SM3', untrusted: 'ES256',
};

export interface LoginSpec {
  readonly leaf: LeafName;
  readonly challenge: string;
  readonly origin?: string;
  readonly alg?: SignInAlg;
  readonly rpData?: string;
  /** Replace the canonical text before signing (attacks on the payload shape). */
  readonly text?: (canonical: string) => string;
  /** Present this certificate instead of the signer's (certificate swap). */
  readonly presentCert?: Uint8Array;
  /** Name this certificate in certHash instead of the presented one. */
  readonly hashOf?: Uint8Array;
  readonly chain?: readonly Uint8Array[];
  readonly digest?: string;
  /** openssl dgst -sigopt arguments replacing the SM2 distid. */
  readonly sigopts?: readonly string[];
}

export function clientDataFor(pki: LoginPki, spec: LoginSpec): ClientDataFields {
  return {
    challenge: spec.challenge,
    origin: spec.origin ?? PORTAL,
    iat: 1_790_000_000,
    certHash: certificateHash(spec.hashOf ?? spec.presentCert ?? pki.der(spec.leaf)),
    agent: AGENT,
    ...(spec.rpData === undefined ? {} : { rpData: spec.rpData }),
  };
}

export function makeLogin(pki: LoginPki, spec: LoginSpec): SignInEnvelope {
  const canonical = buildClientDataJson(clientDataFor(pki, spec));
  const text = spec.text ? spec.text(canonical) : canonical;
  const clientData = new TextEncoder().encode(text);
  return buildEnvelope({
    alg: spec.alg ?? DEFAULT_ALG[spec.leaf],
    clientData,
    signature: pki.sign(spec.leaf, clientData, spec.digest, spec.sigopts),
    certificate: spec.presentCert ?? pki.der(spec.leaf),
    chain: spec.chain ?? (spec.leaf === 'sm2' || spec.leaf === 'untrusted' ? [] : [pki.der('int')]),
  });
}
