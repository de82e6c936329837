/**
 * Parse + verify + status of 8 certificates (RSA, EC, SM2 mixed) in Node, beside `openssl verify` on the same
 * files (issue 3 §6; goal < 50 ms for the 8). Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryCrlCache } from '../src/shared/pki/crl-cache';
import { inspectCertificate } from '../src/shared/pki/inspect';
import { MemoryTrustStore } from '../src/shared/pki/trust-store';
import type { BenchModule } from './run';

const DISTID = 'distid:1234567812345678';
type Kind = 'rsa' | 'p256' | 'sm2';
const GEN: Record<Kind, string[]> = {
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  sm2: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2'],
};
const sig = (kind: Kind): string[] => (kind === 'sm2' ? ['-sm3', '-sigopt', DISTID] : ['-sha256']);

function makeFiles(dir: string): { roots: Record<Kind, string>; leaves: { file: string; kind: Kind }[] } {
  const run = (args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  const roots = {} as Record<Kind, string>;
  for (const kind of ['rsa', 'p256', 'sm2'] as const) {
    run(['genpkey', ...GEN[kind], '-out', `${kind}-ca.key`]);
    run(['req', '-x509', '-new', '-key', `${kind}-ca.key`, ...sig(kind), '-subj', `/CN=Bench ${kind} CA`, '-days', '365', '-out', `${kind}-ca.pem`]);
    roots[kind] = `${kind}-ca.pem`;
  }
  const kinds: Kind[] = ['rsa', 'rsa', 'rsa', 'p256', 'p256', 'p256', 'sm2', 'sm2'];
  const leaves = kinds.map((kind, i) => {
    run(['genpkey', ...GEN[kind], '-out', `l${i}.key`]);
    run(['req', '-new', '-key', `l${i}.key`, ...sig(kind), '-subj', `/CN=Bench leaf ${i}`, '-out', `l${i}.csr`]);
    const vfy = kind === 'sm2' ? ['-vfyopt', DISTID] : [];
    run(['x509', '-req', '-in', `l${i}.csr`, '-CA', roots[kind], '-CAkey', `${kind}-ca.key`, '-set_serial', String(i + 1), ...sig(kind), ...vfy,
      '-days', '200', '-out', `l${i}.pem`]);
    run(['x509', '-in', `l${i}.pem`, '-outform', 'DER', '-out', `l${i}.der`]);
    return { file: `l${i}`, kind };
  });
  return { roots, leaves };
}

const bench: BenchModule = {
  title: 'pki: parse + verify + status of 8 certificates (3 RSA, 3 P-256, 2 SM2)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-bench-pki-'));
    try {
      const { roots, leaves } = makeFiles(dir);
      const der = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
      const pemToDer = (name: string): Uint8Array => {
        const body = readFileSync(join(dir, name), 'utf8').replace(/-----[^-]+-----|\s/g, '');
        return Uint8Array.from(Buffer.from(body, 'base64'));
      };
      const trustStore = new MemoryTrustStore();
      for (const root of Object.values(roots)) trustStore.addAnchor(pemToDer(root));
      const leafDer = leaves.map((l) => der(`${l.file}.der`));
      const context = { now: new Date(), trustStore, crlCache: new MemoryCrlCache() };
      await Promise.all(leafDer.map((d) => inspectCertificate(d, context))); // warm-up (JIT, WebCrypto)

      const rounds = 20;
      let t = performance.now();
      for (let r = 0; r < rounds; r++) {
        for (const d of leafDer) await inspectCertificate(d, context);
      }
      const ours = (performance.now() - t) / rounds;

      writeFileSync(join(dir, 'roots.pem'), Object.values(roots).map((r) => readFileSync(join(dir, r), 'utf8')).join(''));
      const files = (kind: Kind): string[] => leaves.filter((l) => l.kind === kind).map((l) => `${l.file}.pem`);
      t = performance.now();
      // One process per algorithm group (SM2 needs distid); process start-up is part of what a script pays.
      execFileSync('openssl', ['verify', '-CAfile', 'roots.pem', ...files('rsa'), ...files('p256')], { cwd: dir, stdio: 'pipe' });
      execFileSync('openssl', ['verify', '-CAfile', 'roots.pem', '-vfyopt', DISTID, ...files('sm2')], { cwd: dir, stdio: 'pipe' });
      const openssl = performance.now() - t;
      return [
        { measure: 'UKey pki (Node), 8 certificates', ms: Number(ours.toFixed(2)) },
        { measure: 'openssl verify, same 8 (2 processes)', ms: Number(openssl.toFixed(2)) },
        { measure: 'ratio ours / openssl', ms: Number((ours / openssl).toFixed(2)) },
        { measure: 'goal', ms: 50 },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
