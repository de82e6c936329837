/**
 * Issue 7 §5 "pki takes CA policy as input": pki alone knows no CA; the ca-profiles wrapper gives today's
 * behaviour (profile id, renewal window and grace, identifiers). Also guards the dependency rule itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caProfilePolicy, inspectWithCaProfiles } from '../../../src/shared/ca-profiles/inspect-with-profile';
import { CA_PROFILES } from '../../../src/shared/ca-profiles/profiles';
import { usciCheckChar } from '../../../src/shared/ca-profiles/identifiers';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { inspectCertificate } from '../../../src/shared/pki/inspect';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import * as x509 from '@peculiar/x509';

const DAY = 86_400_000;
const FIRST17 = '91110000D2143569X';
const USCI = `${FIRST17}${usciCheckChar(FIRST17)}`;
let leaf: Uint8Array;
let caDer: Uint8Array;
const notAfter = new Date('2027-01-01T00:00:00Z');

beforeAll(async () => {
  // An issuer the 12309 row matches (CN contains 12309): 30-day window, 30 days of grace after expiry;
  // a subject with a USCI in OU, so the common identifier rules find it.
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const caKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const issuer = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '02', name: 'CN=12309 Issuing CA, C=CN', notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01'),
    signingAlgorithm: alg, keys: caKeys, extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  caDer = new Uint8Array(issuer.rawData);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '03', subject: `CN=测试单位, OU=${USCI}, C=CN`, issuer: issuer.subject, notBefore: new Date('2026-01-01T00:00:00Z'), notAfter,
    signingAlgorithm: alg, publicKey: keys.publicKey, signingKey: caKeys.privateKey,
  });
  leaf = new Uint8Array(cert.rawData);
});

const context = (now: Date) => ({ now, trustStore: new MemoryTrustStore([{ der: caDer, anchor: true }]), crlCache: new MemoryCrlCache() });

describe('inspectWithCaProfiles keeps today’s CA behaviour', () => {
  it('names the profile, reads identifiers, and applies its renewal grace', async () => {
    const tenDaysAfter = new Date(notAfter.getTime() + 10 * DAY);
    const report = await inspectWithCaProfiles(leaf, context(tenDaysAfter));
    expect(report).toMatchObject({ caProfileId: '12309', status: 'expired', renewable: true, identifiers: { usci: USCI } });
    expect((await inspectWithCaProfiles(leaf, context(new Date(notAfter.getTime() + 31 * DAY)))).renewable).toBe(false);
  });

  it('takes other rows when given (no row matches: common identifier rules, no grace)', async () => {
    const report = await inspectWithCaProfiles(leaf, { ...context(new Date(notAfter.getTime() + 10 * DAY)), profiles: CA_PROFILES.filter((p) => p.id !== '12309') });
    expect(report).toMatchObject({ caProfileId: null, renewable: false, identifiers: { usci: USCI } });
  });

  it('caProfilePolicy is the policy pki receives', () => {
    expect(caProfilePolicy()({ issuer: { CN: '12309 Issuing CA' }, subject: { OU: USCI } })).toEqual({
      profileId: '12309', renewal: CA_PROFILES.find((p) => p.id === '12309')!.renewal, identifiers: { usci: USCI, orgCode: 'D2143569X' },
    });
  });
});

describe('pki alone knows no CA', () => {
  it('without a policy: no profile, no identifiers, 30-day window, no grace', async () => {
    const report = await inspectCertificate(leaf, context(new Date(notAfter.getTime() + 10 * DAY)));
    expect(report).toMatchObject({ caProfileId: null, identifiers: {}, renewable: false });
  });

  it('regression: src/shared/pki imports nothing from ca-profiles or guides', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const offenders = files('src/shared/pki').filter((file) => /from '(\.\.\/)+(ca-profiles|guides)\//.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
