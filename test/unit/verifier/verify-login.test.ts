/** Happy paths of verifyLogin for each alg, chain and CRL included, with OpenSSL-made keys and signatures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { issueChallenge, MemoryChallengeStore, verifyLogin, VerifierConfigError } from '../../../src/servers/verifier';
import { USCI } from '../pki/helpers/corpus';
import { makeLogin, PORTAL } from './helpers/login-envelope';
import { buildLoginPki, type LeafName, type LoginPki } from './helpers/login-pki';

let pki: LoginPki;
let trust: MemoryTrustStore;

beforeAll(() => {
  pki = buildLoginPki();
  trust = new MemoryTrustStore();
  trust.addAnchor(pki.der('root'));
  trust.addAnchor(pki.der('sm2-root'));
});
afterAll(() => pki.dir.remove());

describe('verifyLogin accepts a v1 login (issue 9 §4)', () => {
  it.each([
    ['p256', 'ES256'],
    ['rsa', 'RS256'],
    ['p384', 'ES384'],
    ['sm2', 'SM2SM3'],
  ] as const)('%s certificate signing %s, chain and CRL checked', async (leaf: LeafName, alg) => {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: 's1' });
    const response = JSON.stringify(makeLogin(pki, { leaf, challenge, rpData: 'login-7' }));
    const identity = await verifyLogin({
      response,
      store,
      sessionId: 's1',
      expectedOrigins: ['https://other.example.cn', PORTAL],
      trust,
      crls: [pki.crls.int, pki.crls.sm2],
    });
    expect(identity).toMatchObject({ alg, origin: PORTAL, rpData: 'login-7', agent: 'https://ukey.example.cn/v1', iat: 1_790_000_000 });
    expect(identity.path.at(-1)).toMatch(/Root/);
    expect(identity.certificate).toBe(Buffer.from(pki.der(leaf)).toString('base64'));
  });

  it('returns subject, serial and the 统一社会信用代码 as identifiers, from a parsed body too', async () => {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: 's1', bytes: 16 });
    const identity = await verifyLogin({ response: makeLogin(pki, { leaf: 'p256', challenge }), store, sessionId: 's1', expectedOrigins: [PORTAL],
      trust: [pki.der('root')] });
    expect(identity.subjectFields.CN).toBe('成都示例科技有限公司');
    expect(identity.identifiers.usci).toBe(USCI);
    expect(identity.serialNumber).toMatch(/^[0-9a-f]+$/);
    expect(identity.chain).toEqual([Buffer.from(pki.der('int')).toString('base64')]);
    expect(identity.path).toEqual(['CN=成都示例科技有限公司, OU=' + USCI + ', O=成都示例科技有限公司, C=CN', 'CN=Sign-in Test Issuing CA, O=UKey Sign-in Test, C=CN',
      'CN=Sign-in Test Root, O=UKey Sign-in Test, C=CN']);
    expect('rpData' in identity).toBe(false);
  });

  it('refuses unsafe configuration', async () => {
    const store = new MemoryChallengeStore();
    await expect(issueChallenge(store, { sessionId: 's', bytes: 8 })).rejects.toThrow(VerifierConfigError);
    await expect(issueChallenge(store, { sessionId: '' })).rejects.toThrow(VerifierConfigError);
    for (const expectedOrigins of [[], ['https://a.cn/'], ['null'], ['https://A.cn']]) {
      await expect(verifyLogin({ response: '{}', store, sessionId: 's', expectedOrigins, trust })).rejects.toThrow(VerifierConfigError);
    }
  });
});
