/**
 * Malformed input gives typed errors only (issue 3 §6): ≥ 10,000 mutated/truncated DER inputs per parser,
 * never a TypeError/RangeError, never a hang. Only the ASN.1 decode steps are wrapped into typed errors
 * (issue 7 §6), so these properties CAN fail: a bug in our field readers surfaces as itself. Each property also
 * counts the inputs that got past the decode into our readers, to show the mutations exercise them.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateFile } from '../../../src/shared/pki/certificate-file';
import { parseCrl } from '../../../src/shared/pki/crl';
import { CertificateParseError, CrlError } from '../../../src/shared/pki/errors';
import { readNameDer } from '../../../src/shared/pki/names';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { makeTempDir, openssl, type TempDir } from './helpers/openssl';

let dir: TempDir;
let seeds: Uint8Array[];
let crl: Uint8Array;

beforeAll(() => {
  dir = makeTempDir('prop');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-sha256',
    '-utf8', '-subj', '/C=CN/O=示例/CN=张三', '-days', '30', '-addext', 'keyUsage=digitalSignature', '-out', 'c.pem'], dir.path);
  openssl(['x509', '-in', 'c.pem', '-outform', 'DER', '-out', 'c.der'], dir.path);
  openssl(['crl2pkcs7', '-nocrl', '-certfile', 'c.pem', '-outform', 'DER', '-out', 'c.p7b'], dir.path);
  dir.write('ca.cnf', '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=7\n');
  dir.write('index.txt', '');
  dir.write('crlnumber', '01\n');
  openssl(['ca', '-config', 'ca.cnf', '-keyfile', 'k.pem', '-cert', 'c.pem', '-gencrl', '-out', 'crl.pem'], dir.path);
  openssl(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der'], dir.path);
  seeds = [dir.read('c.der'), dir.read('c.p7b'), dir.read('c.pem')];
  crl = dir.read('crl.der');
});
afterAll(() => dir.remove());

/** A seed with some bytes flipped, bytes inserted or deleted, and maybe truncated. */
const reshaped = (seed: () => Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 6 }),
      fc.option(fc.nat()),
    )
    .map(([edits, cut]) => {
      const bytes = Array.from(seed());
      for (const [at, value, op] of edits) {
        const i = at % (bytes.length + 1);
        if (op === 'set' && i < bytes.length) bytes[i] = value;
        else if (op === 'insert') bytes.splice(i, 0, value);
        else bytes.splice(i, 1);
      }
      return Uint8Array.from(cut === null ? bytes : bytes.slice(0, cut % (bytes.length + 1)));
    });

/** A seed with a few bytes overwritten in place: lengths stay, so most still decode and reach our readers. */
const overwritten = (seed: () => Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }).map((edits) => {
    const bytes = seed().slice();
    for (const [at, value] of edits) bytes[at % bytes.length] = value;
    return bytes;
  });

const mutated = (seed: () => Uint8Array): fc.Arbitrary<Uint8Array> => fc.oneof(reshaped(seed), overwritten(seed));

/** Runs `parse` and asserts it either returns or throws one of the typed errors. */
function onlyTyped(parse: () => unknown, ...types: (new (...args: never[]) => Error)[]): void {
  try {
    parse();
  } catch (error) {
    if (!types.some((t) => error instanceof t)) throw error;
  }
}

describe('parsers give typed errors only', () => {
  it('parseCertificate on 10,000 mutated or truncated DER certificates', () => {
    let rejectedAtDecode = 0;
    let reachedReaders = 0;
    fc.assert(
      fc.property(mutated(() => seeds[0]!), (bytes) => {
        try {
          parseCertificate(bytes);
          reachedReaders++;
        } catch (error) {
          expect(error).toBeInstanceOf(CertificateParseError);
          if ((error as CertificateParseError).what === 'certificate') rejectedAtDecode++;
          else reachedReaders++;
        }
      }),
      { numRuns: 10_000 },
    );
    expect(rejectedAtDecode).toBeGreaterThan(1000); // the mutations do reach the error paths
    expect(reachedReaders).toBeGreaterThan(2000); // … and our own readers, where a bug would throw untyped
  });

  it('parseCertificateFile on 10,000 mutated DER, PKCS#7 and PEM files', () => {
    fc.assert(
      fc.property(fc.nat(2).chain((i) => mutated(() => seeds[i]!)), (bytes) => {
        onlyTyped(() => parseCertificateFile(bytes), CertificateParseError);
      }),
      { numRuns: 10_000 },
    );
  });

  it('parseCrl on 10,000 mutated or truncated CRLs', () => {
    let decoded = 0;
    fc.assert(
      fc.property(mutated(() => crl), (bytes) => {
        onlyTyped(() => {
          parseCrl(bytes);
          decoded++;
        }, CrlError);
      }),
      { numRuns: 10_000 },
    );
    expect(decoded).toBeGreaterThan(2000); // mutated CRLs that our field readers had to read
  });

  it('arbitrary bytes are rejected with typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        onlyTyped(() => parseCertificateFile(bytes), CertificateParseError);
        onlyTyped(() => parseCrl(bytes), CrlError);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('regression: parseCertificate wrapped its own field readers into "malformed"', () => {
  it('a broken extension value is named as such, not hidden in a catch-all around every reader', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
    const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: 'CN=Broken extension', notBefore: new Date('2026-01-01'), notAfter: new Date('2027-01-01'),
      signingAlgorithm: alg, keys, extensions: [new x509.Extension('2.5.29.19', true, new Uint8Array(0))],
    });
    const error = (() => {
      try {
        parseCertificate(new Uint8Array(cert.rawData));
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CertificateParseError);
    expect(error).toMatchObject({ what: 'extension', message: 'basicConstraints extension is malformed' });
  });
});

describe('directory strings', () => {
  const nameWith = (value: AttributeValue): Uint8Array =>
    new Uint8Array(
      AsnConvert.serialize(new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: '2.5.4.3', value })])])),
    );
  const asByteString = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

  it('decodes Chinese from UTF8String, BMPString, and UTF-8 or GB 18030 bytes in T61String/PrintableString', () => {
    const text = '北京数字认证';
    expect(readNameDer(nameWith(new AttributeValue({ utf8String: text }))).fields.CN).toBe(text);
    expect(readNameDer(nameWith(new AttributeValue({ bmpString: text }))).fields.CN).toBe(text);
    const utf8 = new TextEncoder().encode(text);
    expect(readNameDer(nameWith(new AttributeValue({ teletexString: asByteString(utf8) }))).fields.CN).toBe(text);
    expect(readNameDer(nameWith(new AttributeValue({ printableString: asByteString(utf8) }))).fields.CN).toBe(text);
    // "中文" in GB 18030 / GBK, as older CA software wrote it.
    const gbk = Uint8Array.of(0xd6, 0xd0, 0xce, 0xc4);
    expect(readNameDer(nameWith(new AttributeValue({ teletexString: asByteString(gbk) }))).fields.CN).toBe('中文');
    expect(readNameDer(nameWith(new AttributeValue({ printableString: 'Plain CA' }))).fields.CN).toBe('Plain CA');
  });
});
