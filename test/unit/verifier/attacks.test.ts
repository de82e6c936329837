/**
 * The attack suite of issue 9 §6 (first list) and research §5.3 items 1–17, against verifyLogin with the
 * in-memory store: each attempt is refused with its own stable code. Keys, certificates, CRLs and signatures
 * come from OpenSSL; the payload bytes from the app's builder, edited where the attack needs it.
 */
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64Url } from '../../../src/shared/signin/base64';
import type { SignInEnvelope } from '../../../src/shared/signin/envelope';
import { issueChallenge, MemoryChallengeStore, MemoryTrustStore, verifyLogin, type LoginErrorCode } from '../../../src/servers/verifier';
import { makeLogin, PORTAL, type LoginSpec } from './helpers/login-envelope';
import { buildLoginPki, type LoginPki } from './helpers/login-pki';

let pki: LoginPki;
let trust: MemoryTrustStore;
const SESSION = 'session-a';
const DAY = 86_400_000;

beforeAll(() => {
  pki = buildLoginPki();
  trust = new MemoryTrustStore([{ der: pki.der('root'), anchor: true }, { der: pki.der('sm2-root'), anchor: true }]);
});
afterAll(() => pki.dir.remove());

interface Attempt {
  readonly spec?: Partial<Omit<LoginSpec, 'challenge'>>;
  /** Edit the envelope (or its JSON text) after signing. */
  readonly edit?: (envelope: SignInEnvelope) => unknown;
  readonly crls?: readonly Uint8Array[];
  readonly issuedAt?: Date;
  readonly now?: Date;
  readonly sessionId?: string;
}

async function refusal(attempt: Attempt): Promise<LoginErrorCode> {
  const store = new MemoryChallengeStore();
  const { challenge } = await issueChallenge(store, { sessionId: SESSION, ...(attempt.issuedAt ? { now: attempt.issuedAt } : {}) });
  const envelope = makeLogin(pki, { leaf: 'p256', ...attempt.spec, challenge });
  const response = attempt.edit ? attempt.edit(envelope) : JSON.stringify(envelope);
  try {
    await verifyLogin({ response, store, sessionId: attempt.sessionId ?? SESSION, expectedOrigins: [PORTAL], trust,
      ...(attempt.crls ? { crls: attempt.crls } : {}), ...(attempt.now ? { now: attempt.now } : {}) });
  } catch (error) {
    return (error as { code: LoginErrorCode }).code;
  }
  throw new Error('the attempt was accepted');
}

const text = (edit: (t: string) => string): Attempt['spec'] => ({ text: edit });
const withSignature = (signature: Uint8Array) => (e: SignInEnvelope): SignInEnvelope => ({ ...e, signature: bytesToBase64Url(signature) });
const rs = (r: bigint, s: bigint): string => DER.hexFromSig({ r, s });
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

describe('challenge: single use, expiry, session binding', () => {
  it('replay of an accepted response → CHALLENGE_REUSED; its ECDSA high-S twin too', async () => {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: SESSION });
    const envelope = makeLogin(pki, { leaf: 'p256', challenge });
    const options = { store, sessionId: SESSION, expectedOrigins: [PORTAL], trust };
    await verifyLogin({ ...options, response: JSON.stringify(envelope) });
    await expect(verifyLogin({ ...options, response: JSON.stringify(envelope) })).rejects.toMatchObject({ code: 'CHALLENGE_REUSED' });
    const { r, s } = DER.toSig(Buffer.from(envelope.signature, 'base64url'));
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const twin = { ...envelope, signature: Buffer.from(rs(r, n - s), 'hex').toString('base64url') };
    await expect(verifyLogin({ ...options, response: twin })).rejects.toMatchObject({ code: 'CHALLENGE_REUSED' });
  });

  it('two parallel verifies of one challenge: exactly one wins', async () => {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: SESSION });
    const response = JSON.stringify(makeLogin(pki, { leaf: 'p256', challenge }));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => verifyLogin({ response, store, sessionId: SESSION, expectedOrigins: [PORTAL], trust })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
    expect(codes).toEqual(Array(7).fill('CHALLENGE_REUSED'));
  });

  it('expired challenge → CHALLENGE_EXPIRED', async () => {
    const issuedAt = new Date();
    expect(await refusal({ issuedAt, now: new Date(issuedAt.getTime() + 121_000) })).toBe('CHALLENGE_EXPIRED');
  });

  it('challenge of another session → SESSION_MISMATCH; a challenge never issued → CHALLENGE_UNKNOWN', async () => {
    expect(await refusal({ sessionId: 'session-b' })).toBe('SESSION_MISMATCH');
    const store = new MemoryChallengeStore();
    const response = makeLogin(pki, { leaf: 'p256', challenge: bytesToBase64Url(new Uint8Array(32).fill(7)) });
    await expect(verifyLogin({ response, store, sessionId: SESSION, expectedOrigins: [PORTAL], trust })).rejects.toMatchObject({ code: 'CHALLENGE_UNKNOWN' });
  });
});

describe('origin, type and shape of the payload', () => {
  it('relay: a valid signature over a payload naming the attacker origin → ORIGIN_MISMATCH', async () => {
    expect(await refusal({ spec: { origin: 'https://portal-example.cn' } })).toBe('ORIGIN_MISMATCH');
  });

  it.each([
    'http://portal.example.cn', 'https://portal.example.cn:8443', 'https://portal.example.cn:443', 'https://portal.example.cn.evil.com',
    'https://portal.example.cn/', 'https://PORTAL.example.cn', 'https://xn--prtal-2ua.example.cn', 'https://pοrtal.example.cn', 'null', '',
  ])('origin look-alike %j → ORIGIN_MISMATCH', async (origin) => {
    const spec = origin === '' ? text((t) => t.replace(`"origin":"${PORTAL}"`, '"origin":""')) : { origin };
    expect(await refusal({ spec })).toBe('ORIGIN_MISMATCH');
  });

  it('crossOrigin true or a topOrigin key → CROSS_ORIGIN', async () => {
    expect(await refusal({ spec: text((t) => t.replace('"crossOrigin":false', '"crossOrigin":true')) })).toBe('CROSS_ORIGIN');
    expect(await refusal({ spec: text((t) => t.replace('"crossOrigin":false', '"crossOrigin":false,"topOrigin":"https://evil.cn"')) })).toBe('CROSS_ORIGIN');
  });

  it.each([
    ['webauthn.get', (t: string) => t.replace('"type":"ukey.get"', '"type":"webauthn.get"')],
    ['ukey.create', (t: string) => t.replace('"type":"ukey.get"', '"type":"ukey.create"')],
    ['missing', (t: string) => t.replace('"type":"ukey.get",', '')],
  ])('wrong type (%s) → TYPE_MISMATCH', async (_, edit) => {
    expect(await refusal({ spec: text(edit) })).toBe('TYPE_MISMATCH');
  });

  it('tampered bytes: one flipped byte in the payload or the signature → SIGNATURE_INVALID', async () => {
    expect(await refusal({ spec: { rpData: 'order-1' }, edit: (e) => {
      const bytes = Buffer.from(e.clientDataJSON, 'base64url');
      bytes[bytes.length - 3] = 0x32; // order-1 → order-2
      return { ...e, clientDataJSON: bytes.toString('base64url') };
    } })).toBe('SIGNATURE_INVALID');
    expect(await refusal({ edit: (e) => {
      const sig = Buffer.from(e.signature, 'base64url');
      sig[sig.length - 1]! ^= 0x01;
      return withSignature(sig)(e);
    } })).toBe('SIGNATURE_INVALID');
  });

  it('duplicate keys in the payload or the envelope → DUPLICATE_KEY; BOM, reordering, whitespace refused', async () => {
    expect(await refusal({ spec: text((t) => t.replace('"crossOrigin":false', `"crossOrigin":false,"origin":"${PORTAL}"`)) })).toBe('DUPLICATE_KEY');
    expect(await refusal({ spec: text((t) => t.replace('"crossOrigin":false', '"crossOrigin":false,"challenge":"AAAAAAAAAAAAAAAAAAAAAA"')) })).toBe('DUPLICATE_KEY');
    expect(await refusal({ edit: (e) => JSON.stringify(e).replace('"cert":', `"cert":"${e.cert}","cert":`) })).toBe('DUPLICATE_KEY');
    expect(await refusal({ spec: text((t) => `\ufeff${t}`) })).toBe('MALFORMED');
    expect(await refusal({ spec: text((t) => t.replace(/^\{"type":"ukey.get",("challenge":"[^"]+"),/, '{$1,"type":"ukey.get",')) })).toBe('PREFIX_MISMATCH');
    expect(await refusal({ spec: text((t) => t.replace('"crossOrigin":false', '"crossOrigin": false')) })).toBe('PREFIX_MISMATCH');
    expect(await refusal({ spec: text((t) => t.replace('"agent":', ' "agent":')) })).toBe('MALFORMED');
    expect(await refusal({ spec: text((t) => t.replace('"agent":', '"extra":1,"agent":')) })).toBe('MALFORMED');
    expect(await refusal({ spec: text((t) => t.replace('"iat":1790000000', '"iat":1.79e9')) })).toBe('MALFORMED');
  });

  it('a legacy SOF_SignData signature over the bare random → MALFORMED', async () => {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: SESSION });
    const random = new TextEncoder().encode(challenge);
    const envelope = makeLogin(pki, { leaf: 'p256', challenge });
    const legacy = { ...envelope, clientDataJSON: bytesToBase64Url(random), signature: bytesToBase64Url(pki.sign('p256', random)) };
    await expect(verifyLogin({ response: legacy, store, sessionId: SESSION, expectedOrigins: [PORTAL], trust })).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('certificate', () => {
  it('certHash naming another certificate → CERT_HASH_MISMATCH; swap for another certificate of the same key too', async () => {
    expect(await refusal({ spec: { hashOf: pki.der('rsa') } })).toBe('CERT_HASH_MISMATCH');
    expect(await refusal({ edit: (e) => ({ ...e, cert: Buffer.from(pki.der('p256-twin')).toString('base64') }) })).toBe('CERT_HASH_MISMATCH');
    // Swap with a payload that names the swapped-in certificate: the signature is not by its key.
    expect(await refusal({ spec: { presentCert: pki.der('revoked') } })).toBe('SIGNATURE_INVALID');
  });

  it('a certificate that is not strict DER (trailing byte, long-form short length) → CERT_MALFORMED', async () => {
    const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
    expect(await refusal({ edit: (e) => ({ ...e, cert: b64(new Uint8Array([...pki.der('p256'), 0])) }) })).toBe('CERT_MALFORMED');
    const der = pki.der('p256'); // 30 82 LL LL …: re-encode the outer length with a needless leading zero byte
    const loose = new Uint8Array([0x30, 0x83, 0x00, der[2]!, der[3]!, ...der.subarray(4)]);
    expect(await refusal({ edit: (e) => ({ ...e, cert: b64(loose) }) })).toBe('CERT_MALFORMED');
    expect(await refusal({ edit: (e) => ({ ...e, chain: [b64(loose)] }) })).toBe('CERT_MALFORMED');
  });

  it('untrusted, expired, not-yet-valid, revoked and encryption-only certificates', async () => {
    expect(await refusal({ spec: { leaf: 'untrusted' } })).toBe('CERT_UNTRUSTED');
    expect(await refusal({ spec: { leaf: 'p256', chain: [] } })).toBe('CERT_UNTRUSTED'); // intermediate missing
    expect(await refusal({ spec: { leaf: 'expired' } })).toBe('CERT_EXPIRED');
    const before = new Date(Date.now() - 2 * DAY);
    expect(await refusal({ issuedAt: before, now: before })).toBe('CERT_NOT_YET_VALID');
    const later = new Date(Date.now() + 400 * DAY);
    expect(await refusal({ issuedAt: later, now: later })).toBe('CERT_EXPIRED');
    expect(await refusal({ spec: { leaf: 'revoked' }, crls: [pki.crls.int] })).toBe('CERT_REVOKED');
    expect(await refusal({ spec: { leaf: 'enc' } })).toBe('CERT_KEY_USAGE');
  });

  it('CRLs configured but none current for the issuer → REVOCATION_UNKNOWN', async () => {
    expect(await refusal({ crls: [pki.crls.sm2] })).toBe('REVOCATION_UNKNOWN');
    const stale = new Date(Date.now() + 8 * DAY);
    expect(await refusal({ crls: [pki.crls.int], issuedAt: stale, now: stale })).toBe('REVOCATION_UNKNOWN');
    const tampered = pki.crls.int.slice();
    tampered[tampered.length - 1]! ^= 1;
    expect(await refusal({ crls: [tampered] })).toBe('REVOCATION_UNKNOWN');
  });
});

describe('algorithm and signature encoding', () => {
  it('alg that does not fit the key → ALG_MISMATCH; unknown algs, SHA-1 and RSA-1024 refused', async () => {
    expect(await refusal({ spec: { leaf: 'rsa', alg: 'ES256' } })).toBe('ALG_MISMATCH');
    expect(await refusal({ spec: { leaf: 'p256', alg: 'ES384' } })).toBe('ALG_MISMATCH');
    expect(await refusal({ spec: { leaf: 'p256', alg: 'SM2SM3' } })).toBe('ALG_MISMATCH');
    expect(await refusal({ spec: { leaf: 'sm2', alg: 'ES256' } })).toBe('ALG_MISMATCH');
    for (const alg of ['none', 'RS1', 'ES1', 'PS256', 'rs256']) {
      expect(await refusal({ edit: (e) => ({ ...e, alg }) })).toBe('ALG_NOT_ALLOWED');
    }
    expect(await refusal({ spec: { leaf: 'rsa', digest: 'sha1' } })).toBe('SIGNATURE_INVALID');
    expect(await refusal({ spec: { leaf: 'p256', digest: 'sha1' } })).toBe('SIGNATURE_INVALID');
    expect(await refusal({ spec: { leaf: 'rsa1024' } })).toBe('WEAK_KEY');
  });

  it('SM2 with the wrong signer ID (including OpenSSL’s empty default) → SIGNATURE_INVALID', async () => {
    expect(await refusal({ spec: { leaf: 'sm2', digest: 'sm3' } })).toBe('SIGNATURE_INVALID'); // no distid: empty ID
    const wrongId = { leaf: 'sm2' as const, sigopts: ['-sigopt', 'distid:1234567812345679'] };
    expect(await refusal({ spec: wrongId })).toBe('SIGNATURE_INVALID');
    // Positive control: the same path with the right ID is accepted (the refusals above are about the ID).
    expect(await refusal({ spec: { leaf: 'sm2', sigopts: ['-sigopt', 'distid:1234567812345678'] } }).catch((e: Error) => e.message)).toBe(
      'the attempt was accepted',
    );
  });

  it('malformed signature DER → SIGNATURE_MALFORMED', async () => {
    const { r, s } = { r: 0x1234n, s: 0x5678n };
    const raw = new Uint8Array(64).fill(1); // r‖s without DER
    const nonMinimal = Buffer.from(`3008020300${r.toString(16)}02025678`, 'hex');
    const negative = Buffer.from('3006020180020101', 'hex');
    const zero = Buffer.from(rs(0n, s), 'hex');
    const tooBig = Buffer.from(rs(r, SM2_N), 'hex');
    const trailing = Buffer.concat([Buffer.from(rs(r, s), 'hex'), Buffer.of(0)]);
    for (const signature of [raw, nonMinimal, negative, zero, tooBig, trailing]) {
      expect(await refusal({ spec: { leaf: 'sm2' }, edit: withSignature(signature) })).toBe('SIGNATURE_MALFORMED');
    }
    expect(await refusal({ spec: { leaf: 'rsa' }, edit: (e) => withSignature(Buffer.from(e.signature, 'base64url').subarray(1))(e) })).toBe('SIGNATURE_MALFORMED');
  });
});

describe('size limits', () => {
  it('oversize payload, signature, chain and envelope → OVERSIZE; long rpData and deep JSON → MALFORMED', async () => {
    expect(await refusal({ spec: text((t) => t.replace('"agent":"', `"agent":"${'a'.repeat(5000)}`)) })).toBe('OVERSIZE');
    expect(await refusal({ edit: withSignature(new Uint8Array(2000)) })).toBe('OVERSIZE');
    expect(await refusal({ edit: (e) => ({ ...e, chain: Array(6).fill(e.chain[0]) }) })).toBe('OVERSIZE');
    expect(await refusal({ edit: (e) => ({ ...e, cert: 'A'.repeat(30_000) }) })).toBe('OVERSIZE');
    expect(await refusal({ edit: (e) => JSON.stringify(e).replace('}', `,"pad":"${'x'.repeat(70_000)}"}`) })).toBe('OVERSIZE');
    expect(await refusal({ spec: text((t) => t.replace(/\}$/, `,"rpData":"${'x'.repeat(257)}"}`)) })).toBe('MALFORMED');
    expect(await refusal({ edit: (e) => JSON.stringify(e).replace('"chain":[', `"chain":[${'['.repeat(50)}`) })).toBe('MALFORMED');
  });
});
