/**
 * "Revocation unknown since <date>" (issue 3 §3): a cached CRL past its nextUpdate gives status unknown with
 * `since` = that nextUpdate, never a silent good; a fresh CRL gives good without `since`; a listed serial
 * stays revoked whatever the CRL's age.
 */
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { inspectCertificate } from '../../../src/shared/pki/inspect';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const NEXT_UPDATE = new Date(T0 + 7 * DAY);

let caDer: Uint8Array;
let goodLeaf: Uint8Array;
let revokedLeaf: Uint8Array;
let crlDer: Uint8Array;

beforeAll(async () => {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const name = 'CN=吊销测试 CA, O=Since Test, C=CN';
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name, notBefore: new Date(T0 - 30 * DAY), notAfter: new Date(T0 + 3650 * DAY), signingAlgorithm: ALG, keys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const leaf = async (serialNumber: string) => {
    const leafKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber, subject: `CN=持有人 ${serialNumber}, C=CN`, issuer: ca.subject, notBefore: new Date(T0 - DAY), notAfter: new Date(T0 + 365 * DAY),
      signingAlgorithm: ALG, publicKey: leafKeys.publicKey, signingKey: keys.privateKey,
    });
    return new Uint8Array(cert.rawData);
  };
  caDer = new Uint8Array(ca.rawData);
  goodLeaf = await leaf('0b01');
  revokedLeaf = await leaf('0b02');
  const crl = await x509.X509CrlGenerator.create({
    issuer: name, thisUpdate: new Date(T0), nextUpdate: NEXT_UPDATE,
    entries: [{ serialNumber: '0b02', revocationDate: new Date(T0 - DAY) }],
    signingAlgorithm: ALG, signingKey: keys.privateKey,
  });
  crlDer = new Uint8Array(crl.rawData);
});

async function revocationAt(der: Uint8Array, at: number) {
  const crlCache = new MemoryCrlCache();
  await crlCache.add(crlDer);
  const trustStore = new MemoryTrustStore([{ der: caDer, anchor: true }]);
  return (await inspectCertificate(der, { now: new Date(at), trustStore, crlCache })).revocation;
}

describe('revocation.since', () => {
  it('is absent while the cached CRL is current: good', async () => {
    const verdict = await revocationAt(goodLeaf, T0 + DAY);
    expect(verdict.status).toBe('good');
    expect(verdict.since).toBeUndefined();
  });

  it('is the CRL nextUpdate once that has passed: unknown, never a silent good', async () => {
    const verdict = await revocationAt(goodLeaf, T0 + 30 * DAY);
    expect(verdict).toEqual({
      status: 'unknown',
      since: NEXT_UPDATE.toISOString(),
      reason: `revocation unknown since ${NEXT_UPDATE.toISOString()}`,
      unchecked: 'crl-stale',
    });
  });

  it('is absent for a listed serial: revoked stays revoked on an old CRL', async () => {
    const verdict = await revocationAt(revokedLeaf, T0 + 30 * DAY);
    expect(verdict.status).toBe('revoked');
    expect(verdict.since).toBeUndefined();
  });

  it('is absent when no CRL is cached at all (unknown for another reason)', async () => {
    const trustStore = new MemoryTrustStore([{ der: caDer, anchor: true }]);
    const verdict = (await inspectCertificate(goodLeaf, { now: new Date(T0), trustStore, crlCache: new MemoryCrlCache() })).revocation;
    expect(verdict.status).toBe('unknown');
    expect(verdict.since).toBeUndefined();
  });
});
