/**
 * Issue 14 §3 and review defect 20: the CA that renews a certificate comes from its CA profile's online service
 * (CMP URL and pinned signer certificate, each with its source), matched by the issuer Name's bytes — not by
 * how the name renders — and the demo CA serves only the demo token.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { CA_ONLINE_SERVICES } from '../../../src/shared/ca-profiles/ca-services';
import { CA_PROFILES } from '../../../src/shared/ca-profiles/profiles';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { demoCaCertificateDer, importDemoCaKeys } from '../../../src/virtual/demo-ca';
import { builtInRenewalCas, encodedName, renewalCaFor } from '../../../src/worker/renewal-ca-config';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** The demo CA's subject as it is encoded: C PrintableString, O and CN UTF8String. */
const DEMO_NAME_AS_ENCODED = new x509.Name([
  { '2.5.4.6': [{ printableString: 'CN' }] },
  { '2.5.4.10': [{ utf8String: 'UKey Assistant Demo' }] },
  { '2.5.4.3': [{ utf8String: 'UKey 助手演示 CA' }] },
]);
/** The same text, O as PrintableString: renders alike, is another Name (RFC 5280 §7.1 compares encodings). */
const LOOKALIKE_NAME = new x509.Name([
  { '2.5.4.6': [{ printableString: 'CN' }] },
  { '2.5.4.10': [{ printableString: 'UKey Assistant Demo' }] },
  { '2.5.4.3': [{ utf8String: 'UKey 助手演示 CA' }] },
]);

let issuedByDemo: Uint8Array;
let lookalike: Uint8Array;

async function leaf(issuer: x509.Name, signingKey: CryptoKey): Promise<Uint8Array> {
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '0a', subject: 'CN=张三, C=CN', issuer, notBefore: new Date('2026-01-01'), notAfter: new Date('2027-01-01'),
    signingAlgorithm: alg, publicKey: keys.publicKey, signingKey,
  });
  return new Uint8Array(cert.rawData);
}

beforeAll(async () => {
  const { privateKey } = await importDemoCaKeys();
  issuedByDemo = await leaf(DEMO_NAME_AS_ENCODED, privateKey);
  lookalike = await leaf(LOOKALIKE_NAME, privateKey);
});

describe('CA online services in the CA profiles', () => {
  it('every fact has a source; every service names a CA profile row; the demo signer is the demo CA itself', () => {
    for (const service of CA_ONLINE_SERVICES) {
      expect(CA_PROFILES.some((p) => p.id === service.caProfileId)).toBe(true);
      for (const fact of [service.cmpUrl, service.cmpSignerCertificate, service.issuingCaCertificate]) expect(fact.source.length).toBeGreaterThan(10);
      expect(new URL(service.cmpUrl.value).pathname).toBe('/.well-known/cmp');
    }
    const demo = builtInRenewalCas().find((c) => c.caProfileId === 'demo')!;
    expect(demo.cmpCertificate).toEqual(demoCaCertificateDer());
    expect(demo.caCertificate).toEqual(demoCaCertificateDer());
    expect(demo.demoOnly).toBe(true);
  });
});

describe('renewalCaFor', () => {
  it('the demo CA renews the demo token only', () => {
    expect(renewalCaFor(issuedByDemo, builtInRenewalCas(), { demo: true })?.caProfileId).toBe('demo');
    expect(renewalCaFor(issuedByDemo, builtInRenewalCas(), { demo: false })).toBeNull();
  });

  it('matches the issuer Name by its bytes: a look-alike name that renders the same is not the CA', () => {
    const encodedIssuer = encodedName(lookalike, 'issuer')!;
    const demoSubject = encodedName(demoCaCertificateDer(), 'subject')!;
    // Same rendered text, different encoding — the case the old text comparison could not tell apart.
    expect(parseCertificate(lookalike).issuer.text).toBe(parseCertificate(demoCaCertificateDer()).subject.text);
    expect(Buffer.from(encodedIssuer).equals(Buffer.from(demoSubject))).toBe(false);
    expect(renewalCaFor(lookalike, builtInRenewalCas(), { demo: true })).toBeNull();
  });
});
