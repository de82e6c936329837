/**
 * Issue 9 §6 interop: logins signed by real peers verify with our library, and our app's signatures verify with
 * OpenSSL. Peers: OpenSSL software keys (RSA-2048, P-256, SM2 with distid 1234567812345678); OpenSC's
 * pkcs11-tool signing on the virtual PIV token through pcscd + vsmartcard-vpcd; and our own driver stack
 * (PivSession over CCID) signing the payload built by src/shared/signin, checked with `openssl dgst -verify`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { bytesToBase64Url } from '../../src/shared/signin/base64';
import { completeSignIn, createSignInPayload } from '../../src/shared/signin/payload';
import { parseSignRequest } from '../../src/shared/signin/request';
import { issueChallenge, MemoryChallengeStore, MemoryTrustStore, verifyLogin } from '../../src/servers/verifier';
import { makeLogin, PORTAL } from '../unit/verifier/helpers/login-envelope';
import { buildLoginPki, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { DISTID } from '../unit/pki/helpers/openssl';
import { signThroughDriver } from './support/driver-sign';
import { ensurePcscd, ensureSystemDeps, opensslPkcs11Module, runTool, startCard, type CardProcess } from './support/virtual-card-env';

const APP_ORIGIN = 'https://ukey.example.cn';
let card: CardProcess;
let softKeys: LoginPki;
const tool = (file: string, ...args: string[]) => runTool(file, args, { cwd: card.dir });
const der = (name: string): Uint8Array => new Uint8Array(readFileSync(join(card.dir, name)));

async function check(result: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const r = await result;
  expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout + r.stderr;
}

beforeAll(async () => {
  softKeys = buildLoginPki();
  ensureSystemDeps();
  await ensurePcscd();
  card = await startCard();
  // A P-256 key generated on the card in 9A, certified by a throwaway OpenSSL CA, the certificate imported back.
  await check(tool('yubico-piv-tool', '-r', 'Virtual PCD', '-a', 'generate', '-s', '9a', '-A', 'ECCP256', '-o', 'ec-pub.pem'));
  await check(tool('openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
    '-subj', '/CN=Sign-in Interop CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', 'ca.pem'));
  writeFileSync(join(card.dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  await check(tool('openssl', 'req', '-new', '-key', 'ca.key', '-subj', '/O=示例公司/CN=令牌用户', '-utf8', '-out', 'leaf.csr'));
  await check(tool('openssl', 'x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-force_pubkey', 'ec-pub.pem',
    '-extfile', 'leaf.ext', '-days', '30', '-set_serial', '77', '-out', 'leaf.pem'));
  await check(tool('openssl', 'x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der'));
  await check(tool('openssl', 'x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der'));
  await check(tool('yubico-piv-tool', '-r', 'Virtual PCD', '-a', 'import-certificate', '-s', '9a', '-i', 'leaf.pem'));
});

afterAll(async () => {
  await card?.stop();
  softKeys?.dir.remove();
});

/** The payload the app's worker would build for `challenge`, with the token's 9A certificate. */
function payloadFor(challenge: string) {
  const certificate = der('leaf.der');
  const request = parseSignRequest({ t: 'ukey:get', v: 1, challenge, rpData: 'interop' });
  return { certificate, payload: createSignInPayload({ request, origin: PORTAL, certificate, key: parseCertificate(certificate).publicKey, appOrigin: APP_ORIGIN }) };
}

describe('sign-in interop', () => {
  it('OpenSSL signatures (RSA-2048, P-256, SM2 with distid) over clientDataJSON verify with our library and with openssl dgst', async () => {
    const trust = new MemoryTrustStore([{ der: softKeys.der('root'), anchor: true }, { der: softKeys.der('sm2-root'), anchor: true }]);
    for (const leaf of ['rsa', 'p256', 'sm2'] as const) {
      const store = new MemoryChallengeStore();
      const { challenge } = await issueChallenge(store, { sessionId: 's' });
      const envelope = makeLogin(softKeys, { leaf, challenge });
      const identity = await verifyLogin({ response: JSON.stringify(envelope), store, sessionId: 's', expectedOrigins: [PORTAL], trust });
      expect(identity.alg).toBe({ rsa: 'RS256', p256: 'ES256', sm2: 'SM2SM3' }[leaf]);
      const dir = softKeys.dir;
      dir.write('cd.bin', Buffer.from(envelope.clientDataJSON, 'base64url'));
      dir.write('cd.sig', Buffer.from(envelope.signature, 'base64url'));
      const pub = await runTool('openssl', ['x509', '-in', `${leaf}.pem`, '-pubkey', '-noout', '-out', `${leaf}-pub.pem`], { cwd: dir.path });
      expect(pub.code).toBe(0);
      const how = leaf === 'sm2' ? ['-sm3', '-sigopt', DISTID] : ['-sha256'];
      const verified = await runTool('openssl', ['dgst', ...how, '-verify', `${leaf}-pub.pem`, '-signature', 'cd.sig', 'cd.bin'], { cwd: dir.path });
      expect(verified.stdout).toMatch(/Verified OK/);
    }
  });

  it('OpenSC pkcs11-tool --sign on the virtual token (9A, ECDSA-SHA256) signs a login our library accepts', async () => {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: 's' });
    const { certificate, payload } = payloadFor(challenge);
    expect(payload.alg).toBe('ES256');
    writeFileSync(join(card.dir, 'login.bin'), payload.clientData);
    await check(tool('pkcs11-tool', '--module', opensslPkcs11Module(), '--login', '--pin', '123456', '--sign', '--id', '01',
      '--mechanism', 'ECDSA-SHA256', '--signature-format', 'openssl', '-i', 'login.bin', '-o', 'login.sig'));
    const envelope = completeSignIn(payload, der('login.sig'), certificate);
    const identity = await verifyLogin({ response: JSON.stringify(envelope), store, sessionId: 's', expectedOrigins: [PORTAL], trust: [der('ca.der')] });
    expect(identity).toMatchObject({ origin: PORTAL, rpData: 'interop', agent: `${APP_ORIGIN}/v1`, subjectFields: { CN: '令牌用户' } });
  });

  it('our app stack (PivSession over CCID on the saved card) signs the payload; openssl dgst and our verifier accept it', async () => {
    await card.stop(); // the CLI saves the card's state on exit
    const state: unknown = JSON.parse(readFileSync(card.statePath, 'utf8'));
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: 's' });
    const { certificate, payload } = payloadFor(challenge);
    const signed = await signThroughDriver(state, payload.clientData);
    expect(bytesToBase64Url(signed.certificateDer)).toBe(bytesToBase64Url(certificate));
    writeFileSync(join(card.dir, 'app.bin'), payload.clientData);
    writeFileSync(join(card.dir, 'app.sig'), signed.signature);
    await check(tool('openssl', 'x509', '-in', 'leaf.pem', '-pubkey', '-noout', '-out', 'leaf-pub.pem'));
    expect(await check(tool('openssl', 'dgst', '-sha256', '-verify', 'leaf-pub.pem', '-signature', 'app.sig', 'app.bin'))).toMatch(/Verified OK/);
    const envelope = completeSignIn(payload, signed.signature, certificate);
    await expect(verifyLogin({ response: envelope, store, sessionId: 's', expectedOrigins: [PORTAL], trust: [der('ca.der')] })).resolves.toMatchObject({ alg: 'ES256' });
  });
});
