/**
 * Login verifications per second (issue 9 §7): verifyLogin for ES256, RS256 and SM2SM3 with the whole policy
 * (challenge consume, certificate, leaf → intermediate → root chain, CRL, signature), beside
 * @simplewebauthn/server's verifyAuthenticationResponse on an equivalent ES256 assertion, in one run. Rows
 * "key pinned" trust the leaf itself and skip the CRL — the same work a WebAuthn RP does with a stored key.
 * Cases run interleaved in batches, so load from other processes on this shared machine falls on all alike.
 * Wall time is not enough on a loaded machine: a WebCrypto check waits for a thread-pool thread to be scheduled,
 * a synchronous one does not, so wall-time ratios swing with the load. CPU time of the whole process (all
 * threads, process.cpuUsage) per verification is printed beside it as the load-independent figure.
 * Figures are printed, never asserted.
 */
import 'reflect-metadata';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { sm2Sign } from '../src/shared/pki/sm/sm2';
import { MemoryTrustStore } from '../src/shared/pki/trust-store';
import { bytesToBase64Url } from '../src/shared/signin/base64';
import { buildClientDataJson } from '../src/shared/signin/client-data';
import { buildEnvelope } from '../src/shared/signin/envelope';
import { certificateHash } from '../src/shared/signin/payload';
import type { SignInAlg } from '../src/shared/signin/algorithms';
import { issueChallenge, MemoryChallengeStore, sm2Backend, verifyLogin, type TrustStore } from '../src/servers/verifier';
import { buildLoginPki, type LeafName, type LoginPki } from '../test/unit/verifier/helpers/login-pki';
import type { BenchModule } from './run';

const ORIGIN = 'https://portal.example.cn';
const RP_ID = 'portal.example.cn';
const N = 300;
const WARM = 30;
const BATCH = 20;

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

/** A case: N + WARM prepared logins and the call that verifies the i-th one. */
interface Case {
  readonly name: string;
  readonly run: (i: number) => Promise<unknown>;
}

async function prepareOurs(name: string, pki: LoginPki, leaf: LeafName, alg: SignInAlg, trust: TrustStore, crls: Uint8Array[] | undefined,
  chain: Uint8Array[]): Promise<Case> {
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
  return {
    name,
    run: (i) => verifyLogin({ response: responses[i]!, store, sessionId: 's', expectedOrigins: [ORIGIN], trust, ...(crls ? { crls } : {}) }),
  };
}

async function prepareSimpleWebAuthn(): Promise<Case> {
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
  return {
    name: '@simplewebauthn/server ES256 assertion',
    run: async (i) => {
      const a = assertions[i]!;
      const result = await verifyAuthenticationResponse({ response: a.response, expectedChallenge: a.challenge, expectedOrigin: ORIGIN,
        expectedRPID: RP_ID, credential, requireUserVerification: true });
      if (!result.verified) throw new Error('simplewebauthn did not verify its own assertion');
    },
  };
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Warm-up, then batches of each case in turn, so load from other processes falls on every case alike. */
async function measure(cases: readonly Case[]): Promise<{ wall: number[]; cpu: number[] }> {
  for (const c of cases) for (let i = 0; i < WARM; i++) await c.run(i);
  const wall = cases.map(() => 0);
  const cpu = cases.map(() => 0);
  for (let from = WARM; from < WARM + N; from += BATCH) {
    for (const [k, c] of cases.entries()) {
      const start = performance.now();
      const startCpu = cpuMs();
      for (let i = from; i < Math.min(from + BATCH, WARM + N); i++) await c.run(i);
      wall[k]! += performance.now() - start;
      cpu[k]! += cpuMs() - startCpu;
    }
  }
  return { wall: wall.map((ms) => ms / N), cpu: cpu.map((ms) => ms / N) };
}

const bench: BenchModule = {
  title: `sign-in: verifications per second, ${N} logins each (one run, side by side; SM2 through ${sm2Backend()})`,
  async run() {
    const pki = buildLoginPki();
    try {
      const full = new MemoryTrustStore([{ der: pki.der('root'), anchor: true }, { der: pki.der('sm2-root'), anchor: true }]);
      const pinned = (leaf: LeafName) => new MemoryTrustStore([{ der: pki.der(leaf), anchor: true }]);
      const crls = [pki.crls.int, pki.crls.sm2];
      const cases = [
        await prepareOurs('ukey ES256 (chain + CRL)', pki, 'p256', 'ES256', full, crls, [pki.der('int')]),
        await prepareOurs('ukey RS256 (chain + CRL)', pki, 'rsa', 'RS256', full, crls, [pki.der('int')]),
        await prepareOurs('ukey SM2SM3 (chain + CRL)', pki, 'sm2', 'SM2SM3', full, crls, []),
        await prepareOurs('ukey ES256 (key pinned, no CRL)', pki, 'p256', 'ES256', pinned('p256'), undefined, []),
        await prepareSimpleWebAuthn(),
      ];
      const { wall, cpu } = await measure(cases);
      const webauthn = wall.at(-1)!;
      const webauthnCpu = cpu.at(-1)!;
      return cases.map(({ name }, k) => ({
        case: name,
        'verifications/s': Math.round(1000 / wall[k]!),
        'ms each': wall[k]!.toFixed(3),
        'vs simplewebauthn (≥ 1.0x is the goal)': `${(webauthn / wall[k]!).toFixed(2)}x`,
        'CPU ms each': cpu[k]!.toFixed(3),
        'vs simplewebauthn, CPU': `${(webauthnCpu / cpu[k]!).toFixed(2)}x`,
      }));
    } finally {
      pki.dir.remove();
    }
  },
};

export default bench;
