/** What the app's worker calls: createSignInPayload → (token signs) → completeSignIn. */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { ClientDataError, SignRequestError } from '../../../src/shared/signin/errors';
import { certificateHash, completeSignIn, createSignInPayload } from '../../../src/shared/signin/payload';
import { signInAlgForKey } from '../../../src/shared/signin/algorithms';

const CHALLENGE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const request = { t: 'ukey:get', v: 1, challenge: CHALLENGE, rpData: '工单 7' } as const;
const certificate = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
const base = { request, origin: 'https://portal.example.cn', certificate, key: { kind: 'EC', curve: 'P-256', bits: 256 },
  appOrigin: 'https://ukey.example.cn', now: new Date(1_790_000_000_500) };

describe('createSignInPayload / completeSignIn', () => {
  it('builds the exact v1 bytes from the request, the event origin and the certificate', () => {
    const payload = createSignInPayload(base);
    expect(payload.alg).toBe('ES256');
    expect(payload.algInfo).toMatchObject({ hash: 'SHA-256', curve: 'P-256' });
    expect(new TextDecoder().decode(payload.clientData)).toBe(
      `{"type":"ukey.get","challenge":"${CHALLENGE}","origin":"https://portal.example.cn","crossOrigin":false,"iat":1790000000,` +
        `"certHash":"${Buffer.from(sha256(certificate)).toString('base64url')}","agent":"https://ukey.example.cn/v1","rpData":"工单 7"}`,
    );
    const envelope = completeSignIn(payload, new Uint8Array([1, 2, 3]), certificate, [certificate]);
    expect(envelope).toEqual({ v: 1, fmt: 'raw', alg: 'ES256', clientDataJSON: Buffer.from(payload.clientData).toString('base64url'),
      signature: 'AQID', cert: 'MAMCAQE=', chain: ['MAMCAQE='] });
    expect(certificateHash(certificate)).toHaveLength(43);
  });

  it('checks the request and origin again, and refuses keys v1 has no algorithm for', () => {
    expect(() => createSignInPayload({ ...base, origin: 'http://portal.example.cn' })).toThrow(SignRequestError);
    expect(() => createSignInPayload({ ...base, origin: 'null' })).toThrow(SignRequestError);
    expect(() => createSignInPayload({ ...base, request: { ...request, challenge: 'x' } })).toThrow(SignRequestError);
    expect(() => createSignInPayload({ ...base, key: { kind: 'EC', curve: 'P-521', bits: 521 } })).toThrow(ClientDataError);
    expect(() => createSignInPayload({ ...base, key: { kind: 'RSA', bits: 1024 } })).toThrow(ClientDataError);
  });

  it('maps keys to algorithms', () => {
    expect(signInAlgForKey({ kind: 'RSA', bits: 2048 })).toBe('RS256');
    expect(signInAlgForKey({ kind: 'EC', curve: 'P-384', bits: 384 })).toBe('ES384');
    expect(signInAlgForKey({ kind: 'SM2', curve: 'SM2', bits: 256 })).toBe('SM2SM3');
  });
});
