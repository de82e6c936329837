// The CA's DER reader of a requester's names (issue 14 §2, §4): on any mutation of a real certificate it never
// throws anything but an Error, and whenever both it and the full ASN.1 parser read the bytes, they agree —
// subject DER and subjectAltName DER byte for byte. Also the names check itself on arbitrary names.
import 'reflect-metadata';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { buildCertificate } from '../../src/servers/ca-server/certificate-builder';
import { nameFromDnString } from '../../src/servers/ca-server/dn-string';
import { heldNamesOf, namesRefusal, parsedHeldNames, sameSubject } from '../../src/servers/ca-server/held-names';
import { generateKeyPair, softwareSigner, spkiOf } from '../../src/servers/ca-server/software-signer';

const RUNS = 10_000;
let certificates: Uint8Array[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('ec');
  const spki = await spkiOf(pair.publicKey);
  const signer = softwareSigner(pair.privateKey);
  const san = new Uint8Array(AsnConvert.serialize(new SubjectAlternativeName([new GeneralName({ rfc822Name: 'zhang@example.cn' }), new GeneralName({ dNSName: 'a.example' })])));
  const makeEmpty = (subjectAltName: Uint8Array) =>
    buildCertificate({ subject: new Uint8Array([0x30, 0x00]), publicKey: spki, notBefore: new Date(0), notAfter: new Date(2e12), role: 'end-entity', issuerSigner: signer, subjectAltName });
  const make = (subject: string, subjectAltName?: Uint8Array) =>
    buildCertificate({ subject: nameFromDnString(subject), publicKey: spki, notBefore: new Date(0), notAfter: new Date(2e12), role: 'end-entity', issuerSigner: signer, ...(subjectAltName ? { subjectAltName } : {}) });
  certificates = [await make('CN=张三,O=单位'), await make('CN=Alice', san), await makeEmpty(san)];
});

function agreeOrBothRefuse(der: Uint8Array): void {
  let fast: ReturnType<typeof heldNamesOf> | Error;
  try {
    fast = heldNamesOf(der);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return;
  }
  let full: ReturnType<typeof parsedHeldNames>;
  try {
    full = parsedHeldNames(der);
  } catch {
    return; // the DER walk may read what the schema parser refuses; the signature check refuses it anyway
  }
  // The DER walk returns the subject as encoded (what the signature covers); the parser re-encodes it, which
  // differs in bytes for a non-canonical encoding. They must name the same subject.
  expect(sameSubject(fast.subject, full.subject)).toBe(true);
  expect(fast.subjectAltName).toEqual(full.subjectAltName);
}

describe('heldNamesOf', () => {
  it('reads the same names as the full parser from real certificates', () => {
    for (const der of certificates) agreeOrBothRefuse(der);
    expect(heldNamesOf(certificates[1]!).subjectAltName).not.toBeNull();
    expect(heldNamesOf(certificates[0]!).subjectAltName).toBeNull();
  });

  it('an extension whose middle element is not a BOOLEAN is left to the parser (found by the mutation property)', () => {
    // The empty-subject certificate's critical subjectAltName: OID 2.5.29.17, BOOLEAN TRUE → OCTET STRING FF.
    const der = certificates[2]!.slice();
    const at = Buffer.from(der).indexOf(Buffer.from('0603551d110101ff', 'hex'));
    expect(at).toBeGreaterThan(0);
    der[at + 5] = 0x04;
    agreeOrBothRefuse(der);
  });

  it('agrees with the parser or throws an Error on any byte mutation of a certificate', () => {
    fc.assert(
      fc.property(fc.nat({ max: certificates.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (which, edits) => {
        const der = certificates[which]!.slice();
        for (const [at, value] of edits) der[at % der.length] = value;
        agreeOrBothRefuse(der);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on arbitrary bytes other than an Error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          heldNamesOf(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('namesRefusal', () => {
  it('accepts exactly the held names (or none asked) and refuses any other subject', () => {
    const held = heldNamesOf(certificates[1]!);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[,=+"\\<>;#]/.test(s) && s.trim() === s), (cn) => {
        const asked = nameFromDnString(`CN=${cn}`);
        const refusal = namesRefusal({ subject: asked }, held);
        expect(refusal === null).toBe(cn === 'Alice');
        expect(namesRefusal({}, held)).toBeNull();
        expect(namesRefusal({ subject: held.subject, subjectAltName: held.subjectAltName }, held)).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
