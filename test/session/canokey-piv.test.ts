/**
 * PIV end to end over CanoKey's WebUSB interface (issue 18 §2): our PIV session → the CanoKey source's EP0
 * transport → the CanoKey emulator → the emulator's PIV card. For RSA-2048, P-256 and SM2 (private id 0x54):
 * generate in 9A, a certificate from an OpenSSL CA written to the card, read back through the card profile, and
 * a portal sign-in ("ukey.get" v1) signed on the key and accepted by our verifier — and, for every key, by
 * `openssl dgst` (SM2 with -sigopt distid:1234567812345678). Also an SM3withSM2 CSR over the same link.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Algorithm, FACTORY_DEFAULTS, Slot } from '../../src/cards/piv/constants';
import type { KeyAlgorithm } from '../../src/cards/piv/keys';
import { PivSession } from '../../src/cards/piv/session';
import { PivTokenSession } from '../../src/cards/piv/token-session';
import { buildTokenCsr } from '../../src/cards/piv/token-csr';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { createSignInPayload, completeSignIn } from '../../src/shared/signin/payload';
import { parseSignRequest } from '../../src/shared/signin/request';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { canokeyStack } from '../unit/canokey/canokey-stack';
import { DEFAULT_MGM_KEY } from './stack';

const PORTAL = 'https://portal.example.cn';
const APP = 'https://ukey.example.cn';
const DISTID = 'distid:1234567812345678';
const dir = mkdtempSync(join(tmpdir(), 'ukey-canokey-piv-'));

function run(args: string[]): { ok: boolean; out: string } {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}` };
}

function pem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
}

beforeAll(() => {
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  expect(run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']).ok).toBe(true);
  const ca = run(['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '30', '-subj', '/CN=CanoKey Test CA/O=UKey Tests/C=CN',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem']);
  expect(ca.ok, ca.out).toBe(true);
  expect(run(['x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der']).ok).toBe(true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CA certifies the token's public key (openssl x509 -new -force_pubkey: no private key leaves the card). */
function certify(name: string, spki: Uint8Array): Uint8Array {
  writeFileSync(join(dir, `${name}.pub.pem`), pem('PUBLIC KEY', spki));
  const made = run(['x509', '-new', '-force_pubkey', `${name}.pub.pem`, '-subj', `/CN=Zhang San ${name}/O=Example Co/C=CN`,
    '-CA', 'ca.pem', '-CAkey', 'ca.key', '-sha256', '-days', '20', '-set_serial', `0x${Buffer.from(name).toString('hex')}`,
    '-extfile', 'leaf.ext', '-outform', 'DER', '-out', `${name}.der`]);
  expect(made.ok, made.out).toBe(true);
  return new Uint8Array(readFileSync(join(dir, `${name}.der`)));
}

const CASES: readonly { name: KeyAlgorithm; alg: string; dgst: string[] }[] = [
  { name: 'RSA-2048', alg: 'RS256', dgst: ['-sha256'] },
  { name: 'ECC-P256', alg: 'ES256', dgst: ['-sha256'] },
  { name: 'SM2', alg: 'SM2SM3', dgst: ['-sm3', '-sigopt', DISTID] },
];

describe('PIV over CanoKey’s WebUSB interface', () => {
  for (const { name, alg, dgst } of CASES) {
    it(`${name}: generate in 9A, certificate on the card, portal sign-in verified by our verifier and by openssl dgst`, async () => {
      const { transport, key } = await canokeyStack();
      const piv = await PivSession.open(transport);
      await piv.authenticate(DEFAULT_MGM_KEY);
      const spki = await piv.generateKey(Slot.AUTHENTICATION, name);
      const der = certify(name, spki);
      await piv.putCertificate(Slot.AUTHENTICATION, der);

      const token = new PivTokenSession(piv);
      const certificates = await token.listCertificates();
      expect(certificates.find((c) => c.keyRef === Slot.AUTHENTICATION)?.der).toEqual(der);
      expect(await piv.slotAlgorithm(Slot.AUTHENTICATION)).toBe(name === 'SM2' ? Algorithm.SM2 : name === 'RSA-2048' ? Algorithm.RSA_2048 : Algorithm.ECC_P256);

      const store = new MemoryChallengeStore();
      const { challenge } = await issueChallenge(store, { sessionId: `s-${name}` });
      const parsed = parseCertificate(der);
      const payload = createSignInPayload({
        request: parseSignRequest({ t: 'ukey:get', v: 1, challenge }),
        origin: PORTAL,
        certificate: der,
        key: parsed.publicKey,
        appOrigin: APP,
      });
      expect(payload.alg).toBe(alg);
      const signature = await token.signWithPin(Slot.AUTHENTICATION, payload.clientData, FACTORY_DEFAULTS.PIN);
      const envelope = completeSignIn(payload, signature, der);
      const identity = await verifyLogin({ response: envelope, store, sessionId: `s-${name}`, expectedOrigins: [PORTAL], trust: [new Uint8Array(readFileSync(join(dir, 'ca.der')))] });
      expect(JSON.stringify(identity)).toContain(`Zhang San ${name}`);

      writeFileSync(join(dir, `${name}.clientdata`), payload.clientData);
      writeFileSync(join(dir, `${name}.sig`), signature);
      const checked = run(['dgst', ...dgst, '-verify', `${name}.pub.pem`, '-signature', `${name}.sig`, `${name}.clientdata`]);
      expect(checked.out).toContain('Verified OK');
      expect(key.commandCount).toBeGreaterThan(5); // every APDU above went over EP0 to the card
      await token.close();
    });
  }

  it('the CanoKey kind’s differences pass through the PIV profile with no special case (facts, PIN tries, MOVE KEY)', async () => {
    const { transport, card } = await canokeyStack();
    expect(card.kind.id).toBe('canokey');
    const token = new PivTokenSession(await PivSession.open(transport));
    const facts = await token.readFacts();
    expect(facts).toMatchObject({ firmwareVersion: '5.7.0', readsTriesWithoutSpending: true });
    expect(facts.serialNumber).toMatch(/^\d+$/);
    expect((await token.pinStatus()).pin).toMatchObject({ attemptsRemaining: 3, isDefault: true });
    // 5.7.0 suggests MOVE KEY, the key answers 6D00: reported as unsupported, not as a failure.
    expect(await token.relocateKey(0x82, 0x83, DEFAULT_MGM_KEY)).toBe('unsupported');
    await token.close();
  });

  it('objects larger than the key’s 1340-byte buffer: written in chained PUT DATA, read back through 61xx', async () => {
    const { transport, key } = await canokeyStack();
    const piv = await PivSession.open(transport);
    await piv.authenticate(DEFAULT_MGM_KEY);
    // A certificate with a 2,500-byte extension value: DER the card stores as it is.
    writeFileSync(join(dir, 'big.ext'), `basicConstraints=CA:FALSE\n1.2.3.4=DER:${'41'.repeat(2500)}\n`);
    writeFileSync(join(dir, 'big.pub.pem'), pem('PUBLIC KEY', await piv.generateKey(0x9e, 'ECC-P256')));
    expect(run(['x509', '-new', '-force_pubkey', 'big.pub.pem', '-subj', '/CN=big', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '2',
      '-extfile', 'big.ext', '-outform', 'DER', '-out', 'big.der']).ok).toBe(true);
    const der = new Uint8Array(readFileSync(join(dir, 'big.der')));
    expect(der.length).toBeGreaterThan(1340);
    const before = key.commandCount;
    await piv.putCertificate(0x9e, der);
    expect(key.commandCount - before).toBeGreaterThan(1); // chained: no single command exceeds the buffer
    expect(await piv.readCertificate(0x9e)).toEqual(der);
    await piv.close();
  });

  it('SM2: a signature made with the default ID fails OpenSSL’s empty-ID check (the ID really is in Z_A)', async () => {
    const { transport } = await canokeyStack();
    const piv = await PivSession.open(transport);
    await piv.authenticate(DEFAULT_MGM_KEY);
    const spki = await piv.generateKey(Slot.SIGNATURE, 'SM2');
    writeFileSync(join(dir, 'id.pub.pem'), pem('PUBLIC KEY', spki));
    const message = new TextEncoder().encode('ID check');
    writeFileSync(join(dir, 'id.msg'), message);
    writeFileSync(join(dir, 'id.sig'), await piv.signWithPin(Slot.SIGNATURE, message, FACTORY_DEFAULTS.PIN));
    expect(run(['dgst', '-sm3', '-verify', 'id.pub.pem', '-signature', 'id.sig', '-sigopt', DISTID, 'id.msg']).out).toContain('Verified OK');
    expect(run(['dgst', '-sm3', '-verify', 'id.pub.pem', '-signature', 'id.sig', 'id.msg']).ok).toBe(false);
    await piv.close();
  });

  it('SM2: an SM3withSM2 CSR signed over the web interface passes openssl req -verify with the default ID', async () => {
    const { transport } = await canokeyStack();
    const piv = await PivSession.open(transport);
    await piv.authenticate(DEFAULT_MGM_KEY);
    const spki = await piv.generateKey(0x82, 'SM2');
    const subject = Uint8Array.from(Buffer.from('30123110300e060355040313074' + '3616e6f4b6579', 'hex')); // CN=CanoKey
    const csr = await buildTokenCsr(piv, { slot: 0x82, algorithm: 'SM2', subjectDer: subject, publicKeySpki: spki }, FACTORY_DEFAULTS.PIN);
    writeFileSync(join(dir, 'sm2.csr'), csr);
    const verified = run(['req', '-verify', '-in', 'sm2.csr', '-inform', 'DER', '-noout', '-vfyopt', DISTID]);
    expect(verified.out).toMatch(/verify OK/i);
    await piv.close();
  });
});
