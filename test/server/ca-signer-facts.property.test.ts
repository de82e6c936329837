// The CA's DER reader of a stored signer certificate (issue 14 §4) against the full parser (parseCertificate):
// on real certificates (UTCTime and GeneralizedTime validity, serials with a high bit) and 10,000 byte
// mutations of them, whenever both read the bytes they agree on serial, SPKI, validity and issuer; the reader
// never throws; and its time reader agrees with asn1js on 10,000 times of both kinds.
import 'reflect-metadata';
import fc from 'fast-check';
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../src/servers/ca-server/certificate-builder';
import { nameFromDnString } from '../../src/servers/ca-server/dn-string';
import { readCertificateTime, readSignerFacts } from '../../src/servers/ca-server/signer-facts';
import { generateKeyPair, softwareSigner, spkiOf } from '../../src/servers/ca-server/software-signer';
import { readNameDer } from '../../src/shared/pki/names';
import { parseCertificate, type ParsedCertificate } from '../../src/shared/pki/parse-certificate';
import { derTime } from '../../src/servers/ca-server/x509-der';

const RUNS = 10_000;
let certificates: Uint8Array[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('ec');
  const spki = await spkiOf(pair.publicKey);
  const signer = softwareSigner(pair.privateKey);
  const ca = await buildCertificate({ subject: nameFromDnString('CN=测试 CA,O=单位'), publicKey: spki, notBefore: new Date(0), notAfter: new Date(Date.UTC(2060, 0, 1)), role: 'ca', issuerSigner: signer });
  const make = (notBefore: Date, notAfter: Date, serial?: Uint8Array) =>
    buildCertificate({ subject: nameFromDnString('CN=张三,O=单位'), publicKey: spki, notBefore, notAfter, role: 'end-entity', issuerCertificate: ca, issuerSigner: signer, ...(serial ? { serial } : {}) });
  certificates = [ca, await make(new Date(Date.UTC(2026, 1, 28, 23, 59, 59)), new Date(Date.UTC(2049, 11, 31))), await make(new Date(Date.UTC(1999, 5, 1)), new Date(Date.UTC(2051, 2, 1)), new Uint8Array([0x00, 0x80, 1, 2]))];
});

function agree(der: Uint8Array): void {
  const fast = readSignerFacts(der);
  let full: ParsedCertificate;
  try {
    full = parseCertificate(der);
  } catch {
    return; // the walk may read what the parser refuses: only stored certificates are read this way
  }
  if (!fast) return;
  expect(fast.serialNumber).toBe(full.serialNumber);
  expect(fast.spki).toEqual(full.spki);
  expect(fast.notBefore.getTime()).toBe(full.notBefore.getTime());
  expect(fast.notAfter.getTime()).toBe(full.notAfter.getTime());
  expect(readNameDer(fast.issuer).key).toBe(full.issuer.key);
}

describe('readSignerFacts', () => {
  it('reads what the full parser reads from real certificates', () => {
    for (const der of certificates) {
      expect(readSignerFacts(der)).not.toBeNull();
      agree(der);
    }
  });

  it('agrees with the parser or reads nothing on any byte mutation, and never throws', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (which, edits) => {
        const der = certificates[which]!.slice();
        for (const [at, value] of edits) der[at % der.length] = value;
        agree(der);
      }),
      { numRuns: RUNS },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void readSignerFacts(bytes)), { numRuns: RUNS });
  });

  it('reads UTCTime and GeneralizedTime as asn1js does, and refuses impossible dates', () => {
    const date = fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(9999, 11, 31, 23, 59, 59) / 1000 }).map((s) => new Date(s * 1000));
    fc.assert(fc.property(date, (when) => {
      const der = derTime(when);
      const parsed = der[0] === 0x17 ? new asn1js.UTCTime({ valueDate: when }) : new asn1js.GeneralizedTime({ valueDate: when });
      const read = readCertificateTime(der[0]!, der.subarray(2));
      expect(read?.getTime()).toBe(when.getTime());
      expect(read?.getTime()).toBe(parsed.toDate().getTime());
    }), { numRuns: RUNS });
    expect(readCertificateTime(0x17, new TextEncoder().encode('260230000000Z'))).toBeNull();
    expect(readCertificateTime(0x17, new TextEncoder().encode('2602280000Z'))).toBeNull();
    expect(readCertificateTime(0x18, new TextEncoder().encode('20510228000000.5Z'))).toBeNull();
    // GeneralizedTime before 2050 is not what a conforming CA writes (RFC 5280 §4.1.2.5): left to the full parser,
    // which reads year 0051 as 1951 (found by the mutation property).
    expect(readCertificateTime(0x18, new TextEncoder().encode('00510301000000Z'))).toBeNull();
    expect(readCertificateTime(0x18, new TextEncoder().encode('20490301000000Z'))).toBeNull();
  });
});
