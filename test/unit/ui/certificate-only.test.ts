/**
 * Keys recorded by their certificate (issue 16 §1), with OpenSSL-made certificates of each CA profile
 * (RSA, P-256, SM2): the file forms a clerk exports (DER .cer, PEM .crt, .p7b with the chain, pasted Base64),
 * what the report then says, and one key on the dashboard once the same key is paired.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usciCheckChar } from '../../../src/shared/ca-profiles/identifiers';
import { loadSnapshot, openAppDb } from '../../../src/store';
import { isCertificateOnly } from '../../../src/store/certificate-only-keys';
import { isTokenRecord } from '../../../src/store/validate';
import { AppModel } from '../../../src/ui/app-model';
import { CertificateFileError } from '../../../src/ui/cert-only/errors';
import { inspectCertificateFile } from '../../../src/ui/cert-only/inspect-file';
import { pastedCertificateBytes } from '../../../src/ui/cert-only/pasted-text';
import { splitCertificateFile } from '../../../src/ui/cert-only/split-file';
import type { DeviceService, PairedToken, PinStatusPair, TokenCertificate } from '../../../src/worker/device-service-api';
import { DISTID, makeTempDir, openssl, type TempDir } from '../pki/helpers/openssl';
import { asDriver } from '../../support/flat-driver';
import { recordsOn } from '../../support/records-on';

const usci = (first17: string): string => `${first17}${usciCheckChar(first17)}`;

interface CaCase {
  readonly profile: string;
  readonly alg: 'rsa' | 'p256' | 'sm2';
  readonly caSubject: string;
  readonly unit: string;
  readonly code: string;
}

const CASES: readonly CaCase[] = [
  { profile: 'bjca', alg: 'rsa', caSubject: '/O=BJCA/CN=BJCA Test Issuing CA', unit: '示例住房公积金管理中心', code: usci('91110108592366240') },
  { profile: 'scca', alg: 'p256', caSubject: '/O=SCCA/CN=SCCA Test CA', unit: '四川示例人力资源有限公司', code: usci('91510100MA6C12345') },
  { profile: 'cfca', alg: 'sm2', caSubject: '/O=China Financial Certification Authority/CN=CFCA Test SM2 OCA1', unit: '示例养老科技有限公司', code: usci('91310000MA1FL0000') },
  { profile: '12309', alg: 'sm2', caSubject: '/O=12309 Test/CN=12309 Test CA', unit: '示例县人民检察院', code: usci('11510000MB1234567') },
];

const KEYGEN: Readonly<Record<CaCase['alg'], string[]>> = {
  rsa: ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  p256: ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  sm2: ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2'],
};
const SIGN: Readonly<Record<CaCase['alg'], string[]>> = { rsa: ['-sha256'], p256: ['-sha256'], sm2: ['-sm3', '-sigopt', DISTID] };

interface Made {
  readonly der: Uint8Array;
  readonly pem: Uint8Array;
  readonly p7b: Uint8Array;
  readonly caOnlyP7b: Uint8Array;
  readonly caDer: Uint8Array;
}

let dir: TempDir;
const made = new Map<string, Made>();

function makeCase(c: CaCase): Made {
  const p = c.profile;
  openssl([...KEYGEN[c.alg], '-out', `${p}-ca.key`], dir.path);
  openssl([...KEYGEN[c.alg], '-out', `${p}-ee.key`], dir.path);
  dir.write(`${p}-ca.cnf`, '[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  dir.write(`${p}-ee.cnf`, '[v3]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  openssl(['req', '-x509', '-new', '-key', `${p}-ca.key`, ...SIGN[c.alg], '-subj', c.caSubject, '-days', '3650', '-extensions', 'v3', '-config', `${p}-ca.cnf`, '-out', `${p}-ca.pem`], dir.path);
  openssl(['req', '-new', '-key', `${p}-ee.key`, ...(c.alg === 'sm2' ? ['-sm3', '-sigopt', DISTID] : []), '-utf8', '-subj', `/O=${c.unit}/CN=${c.unit}/serialNumber=${c.code}`, '-out', `${p}-ee.csr`, '-config', `${p}-ee.cnf`], dir.path);
  openssl(['x509', '-req', '-in', `${p}-ee.csr`, ...(c.alg === 'sm2' ? ['-sm3', '-sigopt', DISTID, '-vfyopt', DISTID] : ['-sha256']), '-CA', `${p}-ca.pem`, '-CAkey', `${p}-ca.key`, '-set_serial', '0x1234', '-days', '365', '-extfile', `${p}-ee.cnf`, '-extensions', 'v3', '-out', `${p}-ee.pem`], dir.path);
  openssl(['x509', '-in', `${p}-ee.pem`, '-outform', 'DER', '-out', `${p}-ee.cer`], dir.path);
  openssl(['x509', '-in', `${p}-ca.pem`, '-outform', 'DER', '-out', `${p}-ca.cer`], dir.path);
  openssl(['crl2pkcs7', '-nocrl', '-certfile', `${p}-ee.pem`, '-certfile', `${p}-ca.pem`, '-outform', 'DER', '-out', `${p}.p7b`], dir.path);
  openssl(['crl2pkcs7', '-nocrl', '-certfile', `${p}-ca.pem`, '-outform', 'DER', '-out', `${p}-ca-only.p7b`], dir.path);
  return { der: dir.read(`${p}-ee.cer`), pem: dir.read(`${p}-ee.pem`), p7b: dir.read(`${p}.p7b`), caOnlyP7b: dir.read(`${p}-ca-only.p7b`), caDer: dir.read(`${p}-ca.cer`) };
}

beforeAll(() => {
  dir = makeTempDir('cert-only');
  for (const c of CASES) made.set(c.profile, makeCase(c));
});
afterAll(() => dir.remove());

const get = (profile: string): Made => made.get(profile)!;
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('a key recorded by its certificate: file forms of each CA profile', () => {
  for (const c of CASES) {
    it(`${c.profile} (${c.alg}): .cer, .pem, .p7b and pasted Base64 all give the one key certificate`, () => {
      const m = get(c.profile);
      for (const bytes of [m.der, m.pem, m.p7b, pastedCertificateBytes(base64(m.der)), pastedCertificateBytes(new TextDecoder().decode(m.pem))]) {
        const split = splitCertificateFile(bytes);
        expect(split.keyCertificates).toHaveLength(1);
        expect(same(split.keyCertificates[0]!, m.der)).toBe(true);
      }
      expect(splitCertificateFile(m.p7b).caCertificates).toHaveLength(1); // the chain came along, kept apart
    });

    it(`${c.profile} (${c.alg}): the report names the holder's unit, the 统一社会信用代码, the CA profile; issuer verified once its CA is trusted`, async () => {
      const m = get(c.profile);
      const now = new Date();
      const untrusted = await inspectCertificateFile(m.der, { anchors: [], crls: [], now, online: false });
      expect(untrusted[0]!.report.chain.status).toBe('unknown-issuer');
      const [one] = await inspectCertificateFile(m.p7b, { anchors: [m.caDer], crls: [], now, online: false });
      expect(one!.report.subject.O).toBe(c.unit);
      expect(one!.report.identifiers.usci).toBe(c.code);
      expect(one!.report.caProfileId).toBe(c.profile);
      expect(one!.report.chain.status).toBe('trusted');
      expect(one!.report.status).toBe('valid');
      expect(one!.report.revocation.status).toBe('unknown'); // no CRL distribution point: said, never "good"
    });
  }

  it('a file with only the CA certificate is refused as "only CA certificates", not recorded as a key', () => {
    expect(() => splitCertificateFile(get('bjca').caOnlyP7b)).toThrow(expect.objectContaining({ name: 'CertificateFileError', problem: 'only-ca-certificates' }));
    expect(() => splitCertificateFile(get('bjca').caDer)).toThrow(CertificateFileError);
  });

  it('empty paste and text that is not a certificate are told apart', () => {
    expect(() => pastedCertificateBytes(' \n\u3000 ')).toThrow(expect.objectContaining({ problem: 'empty' }));
    expect(() => pastedCertificateBytes('这不是证书')).toThrow(expect.objectContaining({ problem: 'unreadable' }));
    expect(() => splitCertificateFile(pastedCertificateBytes('AAAA'))).toThrow(expect.objectContaining({ problem: 'unreadable' }));
  });
});

describe('parsers of uploaded and pasted certificates (fast-check, 10,000 runs each)', () => {
  it('pasted Base64 with any spacing, line breaks, NBSP or full-width spaces decodes to the same DER', () => {
    const der = get('cfca').der;
    const b64 = base64(der);
    const noise = fc.constantFrom(' ', '\n', '\r\n', '\t', '\u00a0', '\u3000', '\ufeff');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(b64.length), noise), { maxLength: 40 }), (inserts) => {
        let text = b64;
        for (const [at, s] of [...inserts].sort((a, b) => b[0] - a[0])) text = text.slice(0, at) + s + text.slice(at);
        expect(same(pastedCertificateBytes(text), der)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('any pasted text either gives bytes or a CertificateFileError — never another exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: 'grapheme' })), (text) => {
        try {
          pastedCertificateBytes(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CertificateFileError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('any file bytes (random, or a real certificate with bytes changed or cut) split or fail with CertificateFileError', () => {
    const der = get('bjca').der;
    const mutated = fc.tuple(fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(der.length)).map(([edits, cut]) => {
      const copy = der.slice(0, Math.max(1, cut));
      for (const [at, v] of edits) if (at < copy.length) copy[at] = v;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
        try {
          const split = splitCertificateFile(bytes);
          expect(split.keyCertificates.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(CertificateFileError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('AppModel: a certificate-only key on the dashboard, and one key once paired', () => {
  const TOKEN: PairedToken = {
    id: 'usb:1', vendorId: 0x20a0, productId: 0x42d4, productName: 'CanoKey', usbSerialNumber: 'x', transport: 'webusb-ccid', vendor: 'CanoKeys', model: 'CanoKey', isDemo: false,
  };
  const PIN: PinStatusPair = { pin: { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: false }, unblockCode: { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: false } };

  function driver(present: PairedToken[], onCard: () => TokenCertificate[]): DeviceService {
    return asDriver({
      listPairedTokens: async () => present,
      open: async (id: string) => ({ tokenId: id, vendor: 'CanoKeys', model: 'CanoKey', serialNumber: '33710354', firmwareVersion: null, profileId: 'piv', cardIdentifier: null, atrHex: '3b', readsTriesWithoutSpending: true, pinPolicy: { minLength: 6, maxLength: 8, charset: 'any' }, capabilities: { credentials: { pin: true, unblockCode: true }, signs: true, renews: true } }),
      readCertificates: async () => onCard(),
      getPinStatus: async () => PIN,
      listTrustedCas: async () => [],
      listCrls: async () => [],
    });
  }

  it('records the key, refuses the same certificate twice, and merges label and notes into the paired key', async () => {
    const factory = new IDBFactory();
    const present: PairedToken[] = [];
    const m = get('scca');
    const [inspected] = await inspectCertificateFile(m.der, { anchors: [m.caDer], crls: [], now: new Date(), online: false });
    const model = new AppModel({ loadRecords: recordsOn(factory), loadDriver: async () => driver(present, () => [{ keyRef: 0x9a, role: 'authentication', der: m.der, report: inspected!.report, parseError: null }]) });
    await model.start({ demo: false });

    const added = await model.addCertificateOnlyKey([inspected!]);
    expect(added.added).toBe(true);
    await model.setLabel(added.id, '社保（人事科）');
    await model.setNotes(added.id, '人事科保管');
    expect(await model.addCertificateOnlyKey([inspected!])).toEqual({ id: added.id, added: false });

    let snap = await loadSnapshot(await openAppDb(factory));
    const stored = snap.tokens.find((t) => t.id === added.id)!;
    expect(isTokenRecord(stored) && isCertificateOnly(stored)).toBe(true);
    expect(snap.corrupt).toEqual([]);

    present.push(TOKEN);
    await model.refreshAll();
    const tokens = model.getState().tokens;
    expect([...tokens.keys()]).toEqual([TOKEN.id]);
    expect(tokens.get(TOKEN.id)?.record.label).toBe('社保（人事科）');
    expect(tokens.get(TOKEN.id)?.record.notes).toBe('人事科保管');
    snap = await loadSnapshot(await openAppDb(factory));
    expect(snap.tokens.map((t) => t.id)).toEqual([TOKEN.id]);
    expect(snap.certificates.every((c) => c.tokenId === TOKEN.id)).toBe(true);
  });
});
