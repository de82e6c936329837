/**
 * Portal sign-in through the worker service (issue 9 §2), checked by the relying-party verifier (issue 9 §4):
 * the worker builds the "ukey.get" v1 bytes from the request and the origin, VERIFY is immediately followed by
 * the signature, and the portal's verifier accepts the envelope against the fixed demo CA. Refusals happen
 * before any APDU; a wrong PIN is one VERIFY, never retried.
 */
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { base64UrlToBytes } from '../../src/shared/signin/base64';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { harness } from './demo-service';

const PORTAL = 'https://portal.example.cn';
const request = (challenge: string, extra: Record<string, unknown> = {}) => ({ t: 'ukey:get', v: 1, challenge, ...extra });

async function withDemo<T>(run: (h: Awaited<ReturnType<typeof harness>>) => Promise<T>): Promise<T> {
  const h = await harness();
  try {
    await h.remote.tokens.startDemoToken();
    return await run(h);
  } finally {
    h.close();
  }
}

describe('sign-in through the worker', () => {
  it('the 9A authentication certificate is offered first; the encryption certificate never', async () => {
    await withDemo(async (h) => {
      const choices = await h.remote.signIn.signInChoices();
      expect(choices[0]).toMatchObject({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, role: 'authentication', alg: 'ES256', preferred: true });
      expect(choices.map((c) => c.role)).not.toContain('encryption');
      expect(choices.map((c) => c.keyRef)).not.toContain(0x9d);
    });
  });

  it('signs an origin-bound payload the verifier accepts, with exactly one VERIFY, and remembers the site', async () => {
    await withDemo(async (h) => {
      const store = new MemoryChallengeStore();
      const { challenge } = await issueChallenge(store, { sessionId: 's1' });
      const envelope = await h.remote.signIn.signIn({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, request: request(challenge), origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
      expect(h.verifies()).toBe(1);
      const clientData = new TextDecoder().decode(base64UrlToBytes(envelope.clientDataJSON));
      expect(clientData.startsWith(`{"type":"ukey.get","challenge":"${challenge}","origin":"${PORTAL}","crossOrigin":false,"iat":`)).toBe(true);
      const identity = await verifyLogin({ response: envelope, store, sessionId: 's1', expectedOrigins: [PORTAL], trust: [demoCaCertificateDer()] });
      expect(JSON.stringify(identity)).toContain('张三');
      expect((await h.remote.signIn.listSignIns(DEMO_TOKEN_ID)).map((s) => s.origin)).toEqual([PORTAL]);
    });
  });

  it('a relayed envelope fails at the real portal: the payload names the origin that asked', async () => {
    await withDemo(async (h) => {
      const store = new MemoryChallengeStore();
      const { challenge } = await issueChallenge(store, { sessionId: 's1' });
      const phished = await h.remote.signIn.signIn({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, request: request(challenge), origin: 'https://portal-example.cn', pin: FACTORY_DEFAULTS.PIN });
      await expect(verifyLogin({ response: phished, store, sessionId: 's1', expectedOrigins: [PORTAL], trust: [demoCaCertificateDer()] })).rejects.toMatchObject({
        code: expect.stringMatching(/ORIGIN/),
      });
    });
  });

  it('a wrong PIN is one VERIFY and comes back as WrongPinError; nothing is retried', async () => {
    await withDemo(async (h) => {
      const challenge = 'A'.repeat(43);
      const error = await h.remote.signIn.signIn({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, request: request(challenge), origin: PORTAL, pin: '000000' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongPinError);
      expect(h.verifies()).toBe(1);
    });
  });

  it('a bad origin, a malformed request or the encryption key is refused before any PIN reaches the card', async () => {
    await withDemo(async (h) => {
      const challenge = 'A'.repeat(43);
      const ask = (origin: string, body: unknown, keyRef = 0x9a) =>
        h.remote.signIn.signIn({ tokenId: DEMO_TOKEN_ID, keyRef, request: body, origin, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
      expect(await ask('null', request(challenge))).toMatchObject({ name: 'SignInRefusedError', code: 'ORIGIN_REFUSED' });
      expect(await ask('http://portal.example.cn', request(challenge))).toMatchObject({ code: 'ORIGIN_REFUSED' });
      expect(await ask(PORTAL, request('short'))).toMatchObject({ code: 'BAD_REQUEST' });
      expect(await ask(PORTAL, request(challenge, { extra: 1 }))).toMatchObject({ code: 'BAD_REQUEST' });
      expect(await ask(PORTAL, request(challenge), 0x9d)).toMatchObject({ code: 'UNSUPPORTED_TOKEN' });
      expect(await ask(PORTAL, request(challenge, { certFilter: { issuer: '不存在的 CA' } }))).toMatchObject({ code: 'UNSUPPORTED_TOKEN' });
      expect(h.verifies()).toBe(0);
    });
  });
});
