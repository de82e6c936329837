/**
 * A ready PKCS#15 test card: two P-256 keys of 李四 (authentication and non-repudiation signing), their
 * certificates issued by the fixed demo CA, the demo CA certificate itself as an authority certificate, and a
 * user PIN 123456 with 3 tries. Keys stay in the host: this card signs nothing (a read-only profile's card).
 */
import '../reflect-metadata-first';
import * as x509 from '@peculiar/x509';
import { DEMO_CA_SIGNING_ALGORITHM, demoCaCertificateDer, importDemoCaKeys } from '../demo-ca';
import { buildFileTree, storedPin, USAGE, type CardLayout } from './layout';
import { Pkcs15Card } from './pkcs15-card';

/**
 * ISO 7816-3 §8: TS 3B (direct), T0 88 (TD1, 8 historical bytes), TD1 80 (TD2), TD2 01 (T=1), historical bytes
 * "UKEY-P15" (first byte not 00/10/80: a proprietary format no reader driver claims), then TCK.
 */
export function pkcs15Atr(): Uint8Array {
  const body = [0x88, 0x80, 0x01, ...new TextEncoder().encode('UKEY-P15')];
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([0x3b, ...body, tck]);
}

export const PKCS15_CARD_PIN = '123456';
export const PKCS15_CARD_PIN_TRIES = 3;

export interface Pkcs15CardOptions {
  readonly withoutAid?: boolean;
  readonly withoutDir?: boolean;
  readonly withoutTokenInfo?: boolean;
  readonly refusesFcp?: boolean;
  readonly pinTries?: number;
  readonly now?: Date;
}

async function issue(ca: { certificate: x509.X509Certificate; keys: CryptoKeyPair }, commonName: string, serial: string, usages: number, now: Date): Promise<Uint8Array> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `C=CN, O=UKey Assistant Demo, CN=${commonName}`,
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 365 * 86_400_000),
    signingAlgorithm: DEMO_CA_SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(usages, true)],
  });
  return new Uint8Array(certificate.rawData);
}

/** The card's layout with fresh keys and certificates (what the tests and the interop run compare against). */
export async function pkcs15TestLayout(options: Pkcs15CardOptions = {}): Promise<CardLayout> {
  const now = options.now ?? new Date();
  const caDer = demoCaCertificateDer();
  const ca = { certificate: new x509.X509Certificate(caDer), keys: await importDemoCaKeys() };
  const auth = await issue(ca, '李四 (authentication)', '15a1', x509.KeyUsageFlags.digitalSignature, now);
  const sign = await issue(ca, '李四 (signing)', '15a2', x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature, now);
  return {
    serial: Uint8Array.of(0x20, 0x26, 0x12, 0x06, 0x00, 0x15),
    label: 'UKey PKCS#15 test card',
    pin: { label: 'User PIN', authId: 0x01, reference: 0x81, minLength: 4, storedLength: 8, padChar: 0xff },
    keys: [
      { label: 'Authentication key', id: Uint8Array.of(0x45, 0x01), usage: [USAGE.SIGN], keyReference: 0x01, certificateFid: 0x4301, certificate: auth },
      { label: 'Signing key', id: Uint8Array.of(0x45, 0x02), usage: [USAGE.SIGN, USAGE.NON_REPUDIATION], keyReference: 0x02, certificateFid: 0x4302, certificate: sign },
    ],
    authorities: [{ label: 'Demo CA', id: Uint8Array.of(0xca, 0x01), fid: 0x4310, certificate: caDer }],
    ...(options.withoutAid ? { withoutAid: true } : {}),
    ...(options.withoutDir ? { withoutDir: true } : {}),
    ...(options.withoutTokenInfo ? { withoutTokenInfo: true } : {}),
  };
}

export function pkcs15CardFrom(layout: CardLayout, options: Pkcs15CardOptions = {}): Pkcs15Card {
  return new Pkcs15Card({
    atr: pkcs15Atr(),
    mf: buildFileTree(layout),
    pins: [{ reference: layout.pin.reference, stored: storedPin(layout, PKCS15_CARD_PIN), maxTries: options.pinTries ?? PKCS15_CARD_PIN_TRIES }],
    ...(options.refusesFcp ? { refusesFcp: true } : {}),
  });
}

export async function provisionPkcs15Card(options: Pkcs15CardOptions = {}): Promise<{ card: Pkcs15Card; layout: CardLayout; caCertificate: Uint8Array }> {
  const layout = await pkcs15TestLayout(options);
  return { card: pkcs15CardFrom(layout, options), layout, caCertificate: demoCaCertificateDer() };
}
