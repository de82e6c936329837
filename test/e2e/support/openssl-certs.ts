/**
 * Certificates made by OpenSSL (TOOLING.md "Crypto peers"), one test CA per CA profile row: the issuer Name is one
 * the row's issuerMatch accepts (src/shared/ca-profiles/profiles.ts), the key RSA 2048, P-256 or SM2 (GB/T 32918,
 * signed with SM3 and the default distinguishing ID 1234567812345678, GM/T 0009 §10).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyAlg = 'rsa' | 'p256' | 'sm2';
export const KEY_ALGS: readonly KeyAlg[] = ['rsa', 'p256', 'sm2'];

const DISTID = 'distid:1234567812345678';

/** An issuer subject per CA profile row, as each CA writes it (O and CN the rows match on). */
export const PROFILE_ISSUERS: Readonly<Record<string, string>> = {
  '12309': '/O=12309 中国检察网/CN=12309 检察 Test CA',
  bjca: '/O=BJCA/CN=BJCA Test Issuing CA',
  scca: '/O=SCCA/CN=SCCA Test CA',
  cfca: '/O=China Financial Certification Authority/CN=CFCA Test OCA1',
  demo: '/C=CN/O=UKey Assistant Demo/CN=UKey 助手演示 CA',
};

const PROFILE_WORD: Readonly<Record<string, string>> = { '12309': '检察', bjca: '公积', scca: '四川', cfca: '金融', demo: '演示' };
const ALG_WORD: Readonly<Record<KeyAlg, string>> = { rsa: '甲', p256: '乙', sm2: '丙' };

export interface MadeCertificate {
  readonly profileId: string;
  readonly alg: KeyAlg;
  /** The holder's unit (subject O), unique per certificate. */
  readonly unit: string;
  readonly der: Buffer;
  readonly pem: string;
}

function algArgs(alg: KeyAlg): { gen: string[]; sign: string[]; verify: string[] } {
  if (alg === 'rsa') return { gen: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], sign: ['-sha256'], verify: [] };
  if (alg === 'p256') return { gen: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], sign: ['-sha256'], verify: [] };
  return { gen: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2'], sign: ['-sm3', '-sigopt', DISTID], verify: ['-vfyopt', DISTID] };
}

/** One end-entity certificate (20 days left, inside every row's renewal window) per profile and algorithm. */
export function makeProfileCertificates(profileIds: readonly string[], algs: readonly KeyAlg[] = KEY_ALGS): MadeCertificate[] {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-e2e-profile-certs-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    writeFileSync(join(dir, 'ca.cnf'), '[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    writeFileSync(join(dir, 'ee.cnf'), '[v3]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
    const made: MadeCertificate[] = [];
    for (const profileId of profileIds) {
      for (const alg of algs) {
        const a = algArgs(alg);
        const n = `${profileId}-${alg}`;
        // Chinese only: a Latin word in a holder's name would be certificate data the zh-CN scan cannot tell apart.
        const unit = `示例${PROFILE_WORD[profileId] ?? '其他'}${ALG_WORD[alg]}单位`;
        run(['genpkey', ...a.gen, '-out', `${n}-ca.key`]);
        run(['genpkey', ...a.gen, '-out', `${n}-ee.key`]);
        run(['req', '-x509', '-new', '-utf8', '-key', `${n}-ca.key`, ...a.sign, '-subj', PROFILE_ISSUERS[profileId]!, '-days', '3650', '-extensions', 'v3', '-config', 'ca.cnf', '-out', `${n}-ca.pem`]);
        run(['req', '-new', '-utf8', '-key', `${n}-ee.key`, ...a.sign, '-subj', `/O=${unit}/CN=${unit}`, '-config', 'ee.cnf', '-out', `${n}.csr`]);
        run(['x509', '-req', '-in', `${n}.csr`, ...a.sign, ...a.verify, '-CA', `${n}-ca.pem`, '-CAkey', `${n}-ca.key`, '-set_serial', '0x1d2e3f', '-days', '20', '-extfile', 'ee.cnf', '-extensions', 'v3', '-out', `${n}-ee.pem`]);
        run(['x509', '-in', `${n}-ee.pem`, '-outform', 'DER', '-out', `${n}-ee.cer`]);
        made.push({ profileId, alg, unit, der: readFileSync(join(dir, `${n}-ee.cer`)), pem: readFileSync(join(dir, `${n}-ee.pem`), 'utf8') });
      }
    }
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
