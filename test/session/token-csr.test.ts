import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecurityStatusNotSatisfiedError } from '../../src/apdu/errors';
import { TrafficLog } from '../../src/apdu/traffic-log';
import { NotSupportedError } from '../../src/shared/errors/common-errors';
import { subjectFromCertificate, verifyCsr } from '../../src/shared/pki/csr';
import { Slot } from '../../src/cards/piv/constants';
import { canonicalEcdsaSignature, PivCsrSigner } from '../../src/cards/piv/csr-signer';
import { PivDataError } from '../../src/cards/piv/errors';
import { PivSession } from '../../src/cards/piv/session';
import { CcidTransport } from '../../src/usb-driver/ccid-transport';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { buildTokenCsr } from '../../src/cards/piv/token-csr';
import { DEFAULT_MGM_KEY } from './stack';

const PIN = '123456';
const RETIRED = 0x83; // 82 holds the demo's SM2 certificate
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ukey-token-csr-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): { status: number | null; out: string } {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function write(name: string, data: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** The demo token (9A/9C/9D certificates, 82 SM2) over the real stack, with a traffic log. */
async function demoStack(): Promise<{ session: PivSession; card: PivCard; log: TrafficLog }> {
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card);
  const usb = new VirtualUsb();
  usb.plug(device);
  const log = new TrafficLog();
  const session = await PivSession.open(await CcidTransport.open(device, { usb }), { log });
  return { session, card, log };
}

const CASES = [
  { algorithm: 'RSA-2048', signature: 'sha256WithRSAEncryption' },
  { algorithm: 'ECC-P256', signature: 'ecdsa-with-SHA256' },
  { algorithm: 'ECC-P384', signature: 'ecdsa-with-SHA384' },
] as const;

describe('buildTokenCsr over PivSession → CcidTransport → virtual token', () => {
  for (const { algorithm, signature } of CASES) {
    it(`${algorithm}: key generated in 83, subject of 9A, accepted by openssl req -verify`, async () => {
      const { session } = await demoStack();
      await session.authenticate(DEFAULT_MGM_KEY);
      const spki = await session.generateKey(RETIRED, algorithm);
      await session.verifyPin(PIN);
      const csr = await buildTokenCsr(session, { slot: RETIRED, subjectFromSlot: Slot.AUTHENTICATION, publicKeySpki: spki, algorithm });
      expect(await verifyCsr(csr)).toBe(true);

      const file = write(`${algorithm}.csr.der`, csr);
      const verified = openssl(['req', '-verify', '-in', file, '-inform', 'DER', '-noout']);
      // OpenSSL 3.0 exits 0 even on "verify failure": the text is the verdict.
      expect(verified.out).toContain('self-signature verify OK');
      expect(verified.out).not.toContain('failure');
      expect(verified.status).toBe(0);
      expect(openssl(['req', '-in', file, '-inform', 'DER', '-noout', '-text']).out).toContain(`Signature Algorithm: ${signature}`);

      const fromCsr = openssl(['req', '-in', file, '-inform', 'DER', '-noout', '-pubkey']);
      const generated = openssl(['pkey', '-pubin', '-inform', 'DER', '-in', write(`${algorithm}.spki.der`, spki)]);
      expect(fromCsr.status).toBe(0);
      expect(fromCsr.out).toContain('BEGIN PUBLIC KEY');
      expect(fromCsr.out).toBe(generated.out);

      const certFile = write('9a.der', (await session.readCertificate(Slot.AUTHENTICATION))!);
      const nameopt = ['-nameopt', 'RFC2253,-esc_msb'];
      const csrSubject = openssl(['req', '-in', file, '-inform', 'DER', '-noout', '-subject', ...nameopt]).out;
      const certSubject = openssl(['x509', '-in', certFile, '-inform', 'DER', '-noout', '-subject', ...nameopt]).out;
      expect(csrSubject).toContain('CN=张三');
      expect(csrSubject).toBe(certSubject);
    });
  }

  it('defaults: subject of the same slot, public key from GET METADATA (9C, the demo RSA key)', async () => {
    const { session } = await demoStack();
    // 9C is "PIN always": everything is read first, then VERIFY right before the signature.
    const csr = await buildTokenCsr(session, { slot: Slot.SIGNATURE, algorithm: 'RSA-2048' }, PIN);
    const file = write('9c.csr.der', csr);
    expect(openssl(['req', '-verify', '-in', file, '-inform', 'DER', '-noout']).out).toContain('self-signature verify OK');
    const cert = (await session.readCertificate(Slot.SIGNATURE))!;
    const fromCert = openssl(['x509', '-in', write('9c.der', cert), '-inform', 'DER', '-noout', '-pubkey']).out;
    expect(openssl(['req', '-in', file, '-inform', 'DER', '-noout', '-pubkey']).out).toBe(fromCert);
    // The subject bytes are the certificate's own, not a re-encoding.
    expect(Buffer.from(csr).includes(Buffer.from(subjectFromCertificate(cert)))).toBe(true);
  });

  it('without the PIN the token refuses to sign: SecurityStatusNotSatisfiedError', async () => {
    const { session } = await demoStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(RETIRED, 'ECC-P256');
    const error = await buildTokenCsr(session, { slot: RETIRED, subjectFromSlot: Slot.AUTHENTICATION, publicKeySpki: spki, algorithm: 'ECC-P256' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecurityStatusNotSatisfiedError);
  });

  it('a public key that is not the slot key gives PivDataError, not a CSR a CA would reject', async () => {
    const { session } = await demoStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    const other = await session.generateKey(0x84, 'ECC-P256');
    await session.generateKey(RETIRED, 'ECC-P256');
    await session.verifyPin(PIN);
    await expect(
      buildTokenCsr(session, { slot: RETIRED, subjectFromSlot: Slot.AUTHENTICATION, publicKeySpki: other, algorithm: 'ECC-P256' }),
    ).rejects.toBeInstanceOf(PivDataError);
  });

  it('a slot without a certificate to copy the subject from gives NotSupportedError (no-certificate guide)', async () => {
    const { session } = await demoStack();
    await session.verifyPin(PIN);
    const error = await buildTokenCsr(session, { slot: Slot.SIGNATURE, subjectFromSlot: 0x85, algorithm: 'RSA-2048' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSupportedError);
    expect((error as NotSupportedError).guideId).toBe('no-certificate');
  });

  // SM2 is no longer refused (issue 18: PIV signs it under the private id 0x54); its CSR is tested in
  // test/session/canokey-piv.test.ts. Unknown names still fail before any APDU.
  it('an unknown key algorithm is refused as NotSupportedError before any APDU', async () => {
    const { session, card } = await demoStack();
    card.resetApduCount();
    expect(() => new PivCsrSigner(session, RETIRED, 'ED25519')).toThrow(NotSupportedError);
    expect(card.apduCount).toBe(0);
  });

  it('the PIN appears in no log line, console output or CSR', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method));
    try {
      const { session, log } = await demoStack();
      await session.authenticate(DEFAULT_MGM_KEY);
      const spki = await session.generateKey(RETIRED, 'ECC-P384');
      await session.verifyPin(PIN);
      const csr = await buildTokenCsr(session, { slot: RETIRED, subjectFromSlot: Slot.AUTHENTICATION, publicKeySpki: spki, algorithm: 'ECC-P384' });
      const lines = log.lines();
      expect(lines.some((line) => line.startsWith('> 00 20') || line.startsWith('> 0020'))).toBe(true);
      const text = lines.join('\n').replace(/\s/g, '').toUpperCase();
      expect(text).not.toContain('313233343536'); // "123456" in ASCII hex, as VERIFY would carry it
      const logged = spies.flatMap((spy) => spy.mock.calls.map((call) => call.map(String).join(' ')));
      expect(logged.join('\n')).not.toContain(PIN);
      expect(Buffer.from(csr).includes(Buffer.from(PIN))).toBe(false);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('canonicalEcdsaSignature', () => {
  it('re-encodes zero-padded INTEGERs minimally and keeps r, s', () => {
    const sig = p256.sign(new Uint8Array(32).fill(9), p256.utils.randomSecretKey(), { prehash: false, format: 'der' });
    expect(canonicalEcdsaSignature(sig, 32)).toEqual(sig);
    const r = Uint8Array.of(0x00, 0x00, 0x01, 0x02);
    const padded = Uint8Array.of(0x30, 12, 0x02, 4, ...r, 0x02, 4, 0x00, 0x00, 0x00, 0x7f);
    expect(canonicalEcdsaSignature(padded, 32)).toEqual(Uint8Array.of(0x30, 7, 0x02, 2, 0x01, 0x02, 0x02, 1, 0x7f));
  });

  it('rejects zero, negative, over-long and trailing-garbage signatures with PivDataError', () => {
    const bad = [
      Uint8Array.of(0x30, 6, 0x02, 1, 0x00, 0x02, 1, 0x01),
      Uint8Array.of(0x30, 6, 0x02, 1, 0x81, 0x02, 1, 0x01),
      Uint8Array.of(0x30, 6, 0x02, 1, 0x01, 0x02, 1, 0x01, 0x00),
      Uint8Array.of(0x30, 37, 0x02, 33, 0x01, ...new Uint8Array(32), 0x02, 1, 0x01),
    ];
    for (const sig of bad) expect(() => canonicalEcdsaSignature(sig, 32)).toThrow(PivDataError);
  });

  it('any byte string gives a DER signature or PivDataError, never another error (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(32, 48), (bytes, field) => {
        try {
          const out = canonicalEcdsaSignature(bytes, field);
          expect(canonicalEcdsaSignature(out, field)).toEqual(out);
        } catch (error) {
          if (!(error instanceof PivDataError)) throw error;
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
