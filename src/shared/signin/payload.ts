/**
 * What the app's worker calls to sign in (issue 9 §2): build the exact bytes from the accepted request, the
 * origin taken from the MessageEvent and the chosen certificate, then wrap the token's signature in the
 * envelope. The window never chooses the bytes: it passes the request and origin, the worker builds them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { signInAlgForKey, SIGN_IN_ALG_INFO, type KeyDescription, type SignInAlg, type SignInAlgInfo } from './algorithms';
import { bytesToBase64Url } from './base64';
import { encodeClientData } from './client-data';
import { buildEnvelope, type SignInEnvelope } from './envelope';
import { ClientDataError, SignRequestError } from './errors';
import type { SignRequestMessage } from './protocol';
import { isAcceptableRequesterOrigin, parseSignRequest } from './request';

export interface SignInPayloadInput {
  /** The request as parseSignRequest / judgeSignRequest returned it. */
  readonly request: SignRequestMessage;
  /** MessageEvent.origin of the accepted request. */
  readonly origin: string;
  /** DER of the certificate whose key will sign. */
  readonly certificate: Uint8Array;
  /** Its public key (src/shared/pki parseCertificate(...).publicKey fits). */
  readonly key: KeyDescription;
  /** The app's own origin, e.g. "https://ukey.example.cn"; the agent field becomes "<origin>/v1". */
  readonly appOrigin: string;
  readonly now?: Date;
}

export interface SignInPayload {
  readonly alg: SignInAlg;
  /** Hash and curve the signature needs (RS256: PKCS#1 v1.5 DigestInfo over SHA-256, built by the host). */
  readonly algInfo: SignInAlgInfo;
  /** The exact bytes to sign. */
  readonly clientData: Uint8Array;
}

/** base64url SHA-256 of a certificate's DER, as the certHash field carries it. */
export const certificateHash = (certificate: Uint8Array): string => bytesToBase64Url(sha256(certificate));

/**
 * Builds the bytes to sign. The request and origin are checked again here (they crossed from the window to the
 * worker): SignRequestError for a bad request or origin, ClientDataError for a key v1 cannot use.
 */
export function createSignInPayload(input: SignInPayloadInput): SignInPayload {
  const request = parseSignRequest(input.request);
  if (!isAcceptableRequesterOrigin(input.origin)) throw new SignRequestError('bad-origin', `origin ${input.origin} may not request a login`);
  const alg = signInAlgForKey(input.key);
  if (!alg) throw new ClientDataError('certificate', 'this key type cannot sign a v1 login (RSA ≥ 2048, P-256, P-384 or SM2 only)');
  const clientData = encodeClientData({
    challenge: request.challenge,
    origin: input.origin,
    iat: Math.floor((input.now ?? new Date()).getTime() / 1000),
    certHash: certificateHash(input.certificate),
    agent: `${input.appOrigin}/v1`,
    ...(request.rpData === undefined ? {} : { rpData: request.rpData }),
  });
  return { alg, algInfo: SIGN_IN_ALG_INFO[alg], clientData };
}

/** The envelope for the portal once the token has signed `payload.clientData`. */
export function completeSignIn(
  payload: SignInPayload,
  signature: Uint8Array,
  certificate: Uint8Array,
  chain: readonly Uint8Array[] = [],
): SignInEnvelope {
  return buildEnvelope({ alg: payload.alg, clientData: payload.clientData, signature, certificate, chain });
}
