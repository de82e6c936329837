/**
 * Login verifications per second (issue 9 §7): verifyLogin for ES256, RS256 and SM2SM3 with the whole policy
 * (challenge consume, certificate, leaf → intermediate → root chain, CRL, signature), beside
 * @simplewebauthn/server's verifyAuthenticationResponse on an equivalent ES256 assertion, in one run. Rows
 * "key pinned" trust the leaf itself and skip the CRL — the same work a WebAuthn RP does with a stored key.
 * Figures are printed, never asserted.
 */
import 'reflect-metadata';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { sm2Sign } from '../src/pki/sm/sm2';
import { MemoryTrustStore } from '../src/pki/trust-store';
import { bytesToBase64Url } from '../src/signin/base64';
import { buildClientDataJson } from '../src/signin/client-data';
import { buildEnvelope } from '../src/signin/envelope';
import { certificateHash } from '../src/signin/payload';
import type { SignInAlg } from '../src/signin/algorithms';
import { issueChallenge, MemoryChallengeStore, verifyLogin, type TrustStore } from '../src/verifier';
import { buildLoginPki, type LeafName, type LoginPki } from '../test/unit/verifier/helpers/login-pki';
import type { BenchModule } from './run';

const ORIGIN = 'https://portal.example.cn';
const RP_ID = 'portal.example.cn';
const N = 300;
const WARM = 30;

type Signer = (data: Uint8Array) => Uint8Array;

function signerFor(pki: LoginPki, leaf: LeafName): Signer {
  const pem = pki.dir.read(`${leaf}.key`);
  if (leaf === 'sm2') {
    const text = execFileSync('openssl', ['pkey', '-in', pki.dir.file('sm2.key'), '-text', '-noout'], { encoding: 'utf8' });
    const hex = /priv:\s*([\s\S]*?)\s*pub:/.exec(text)![1]!.replace(/[\s:]/g, '');
    const d = BigInt(`0x${hex}`);
    return (data) => sm2Sign(data, d);
  }
  const key = createPrivateKey(Buffer.from(pem));
  return (data) => new Uint8Array(nodeSign('sha256', data, key));
}

async function timeOurs(pki: LoginPki, leaf: LeafName, alg: SignInAlg, trust: TrustStore, crls: Uint8Array[] | undefined, chain: Uint8Array[]) {
  const sign = signerFor(pki, leaf);
  const store = new MemoryChallengeStore();
  const cert = pki.der(leaf);
  const responses: string[] = [];
  for (let i = 0; i < N + WARM; i++) {
    const { challenge } = await issueChallenge(store, { sessionId: 's' });
    const clientData = new TextEncoder().encode(
      buildClientDataJson({ challenge, origin: ORIGIN, iat: 1_790_000_000, certHash: certificateHash(cert), agent: 'https://ukey.example.cn/v1' }),
    );
    responses.push(JSON.stringify(buildEnvelope({ alg, clientData, signature: sign(clientData), certificate: cert, chain })));
  }
  const run = (response: string) => verifyLogin({ response, store, sessionId: 's', expectedOrigins: [ORIGIN], trust, ...(crls ? { crls } : {}) });
  for (const response of responses.slice(0, WARM)) await run(response);
  const start = performance.now();
  for (const response of responses.slice(WARM)) await run(response);
  return (performance.now() - start) / N;
}

async function timeSimpleWebAuthn(): Promise<number> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
  const cose = isoCBOR.encode(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, b(jwk.x!)], [-3, b(jwk.y!)]]));
  const credential = { id: 'Y3JlZGVudGlhbA', publicKey: cose, counter: 0 };
  const authData = new Uint8Array([...sha256(new TextEncoder().encode(RP_ID)), 0x05, 0, 0, 0, 0]); // UP | UV, counter 0
  const assertions: { challenge: string; response: AuthenticationResponseJSON }[] = [];
  for (let i = 0; i < N + WARM; i++) {
    const challenge = bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    const clientDataJSON = new TextEncoder().encode(JSON.stringify({ type: 'webauthn.get', challenge, origin: ORIGIN, crossOrigin: false }));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new Uint8Array([...authData, ...sha256(clientDataJSON)])));
    const der = DER.hexFromSig({ r: BigInt(`0x${Buffer.from(raw.subarray(0, 32)).toString('hex')}`), s: BigInt(`0x${Buffer.from(raw.subarray(32)).toString('hex')}`) });
    assertions.push({
      challenge,
      response: {
        id: credential.id, rawId: credential.id, type: 'public-key', clientExtensionResults: {},
        response: { authenticatorData: bytesToBase64Url(authData), clientDataJSON: bytesToBase64Url(clientDataJSON), signature: Buffer.from(der, 'hex').toString('base64url') },
      },
    });
  }
  const run = async (a: (typeof assertions)[number]) => {
    const result = await verifyAuthenticationResponse({ response: a.response, expectedChallenge: a.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID,
      credential, requireUserVerification: true });
    if (!result.verified) throw new Error('simplewebauthn did not verify its own assertion');
  };
  for (const a of assertions.slice(0, WARM)) await run(a);
  const start = performance.now();
  for (const a of assertions.slice(WARM)) await run(a);
  return (performance.now() - start) / N;
}

const bench: BenchModule = {
  title: `sign-in: verifications per second, ${N} logins each (one run, side by side)`,
  async run() {
    const pki = buildLoginPki();
    try {
      const full = new MemoryTrustStore([{ der: pki.der('root'), anchor: true }, { der: pki.der('sm2-root'), anchor: true }]);
      const pinned = (leaf: LeafName) => new MemoryTrustStore([{ der: pki.der(leaf), anchor: true }]);
      const crls = [pki.crls.int, pki.crls.sm2];
      const webauthn = await timeSimpleWebAuthn();
      const cases: [string, number][] = [
        ['ukey ES256 (chain + CRL)', await timeOurs(pki, 'p256', 'ES256', full, crls, [pki.der('int')])],
        ['ukey RS256 (chain + CRL)', await timeOurs(pki, 'rsa', 'RS256', full, crls, [pki.der('int')])],
        ['ukey SM2SM3 (chain + CRL)', await timeOurs(pki, 'sm2', 'SM2SM3', full, crls, [])],
        ['ukey ES256 (key pinned, no CRL)', await timeOurs(pki, 'p256', 'ES256', pinned('p256'), undefined, [])],
        ['@simplewebauthn/server ES256 assertion', webauthn],
      ];
      return cases.map(([name, ms]) => ({
        case: name,
        'verifications/s': Math.round(1000 / ms),
        'ms each': ms.toFixed(3),
        'vs simplewebauthn (≥ 1.0x is the goal)': `${(webauthn / ms).toFixed(2)}x`,
      }));
    } finally {
      pki.dir.remove();
    }
  },
};

export default bench;
