/**
 * npm run build:iwa, end to end: build (reuse dist/ when present, else vite build into a temp dir), sign with a
 * key given in UKEY_IWA_KEY, then check the result WITHOUT the signing library: our own integrity-block reader,
 * @noble/curves Ed25519 for the signature, wbn's reader for the bundle, the manifest and the headers.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Bundle } from 'wbn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IWA_CSP,
  IWA_HEADERS,
  IWA_MANIFEST_PATH,
  IWA_PERMISSIONS_POLICY,
  IntegrityBlockError,
  IwaBuildError,
  auditTrustedTypes,
  buildIwaManifest,
  parseIntegrityBlock,
  readCborItem,
  signedDataOf,
  webBundleIdOf,
  type IntegrityBlock,
} from '../../src/cli/iwa';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'ukey-iwa-'));
const outDir = join(work, 'out');
let distDir = join(root, 'dist');
let signed: Uint8Array;
let block: IntegrityBlock;
let publicKey: Uint8Array;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

beforeAll(() => {
  if (!existsSync(join(distDir, 'index.html'))) {
    distDir = join(work, 'dist');
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: root });
  }
  const { privateKey, publicKey: pub } = generateKeyPairSync('ed25519');
  publicKey = new Uint8Array(Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url'));
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-iwa.mjs', '--reuse-dist', '--dist', distDir, '--out', outDir], {
    cwd: root,
    env: { ...process.env, UKEY_IWA_KEY: Buffer.from(pem).toString('base64') },
  });
  signed = new Uint8Array(readFileSync(join(outDir, 'ukey-assistant.swbn')));
  block = parseIntegrityBlock(signed);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the signed IWA bundle (issue 11 §3)', () => {
  it('names the Web Bundle ID of the key it was signed with', () => {
    expect(block.signatures).toHaveLength(1);
    expect(block.signatures[0]!.ed25519PublicKey).toEqual(publicKey);
    expect(block.webBundleId).toBe(webBundleIdOf(publicKey));
    const info = JSON.parse(readFileSync(join(outDir, 'bundle-info.json'), 'utf8')) as { webBundleId: string; key: string };
    expect(info).toMatchObject({ webBundleId: block.webBundleId, key: 'UKEY_IWA_KEY (base64 PEM)' });
  });

  it('carries a valid Ed25519 signature over SHA-512(bundle), the unsigned block and the attributes', () => {
    const bundle = signed.subarray(block.length);
    const sig = block.signatures[0]!;
    expect(ed25519.verify(sig.signature, signedDataOf(block, sha512(bundle)), sig.ed25519PublicKey)).toBe(true);
    const tampered = bundle.slice();
    tampered[tampered.length >> 1]! ^= 0x01;
    expect(ed25519.verify(sig.signature, signedDataOf(block, sha512(tampered)), sig.ed25519PublicKey)).toBe(false);
  });

  it('holds every file of dist/, "/" as the start page, and the IWA manifest at /.well-known/', () => {
    const bundle = new Bundle(signed.subarray(block.length));
    const origin = `isolated-app://${block.webBundleId}/`;
    for (const file of files(distDir)) {
      expect(bundle.urls).toContain(origin + relative(distDir, file).split(sep).join('/'));
    }
    expect(bundle.getResponse(origin).body).toEqual(new Uint8Array(readFileSync(join(distDir, 'index.html'))));
    const manifest = JSON.parse(new TextDecoder().decode(bundle.getResponse(origin + IWA_MANIFEST_PATH.slice(1)).body)) as Record<string, unknown>;
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(manifest).toMatchObject({ id: '/', version, start_url: '/', display: 'standalone' });
    expect(manifest.permissions_policy).toEqual({
      'smart-card': ['self'],
      usb: ['self'],
      'usb-unrestricted': ['self'],
      'cross-origin-isolated': ['self'],
    });
    expect((manifest.icons as { src: string }[]).every((i) => bundle.urls.includes(origin + i.src.slice(1)))).toBe(true);
  });

  it('every response has the IWA headers: COOP/COEP/CORP and a CSP requiring Trusted Types', () => {
    const bundle = new Bundle(signed.subarray(block.length));
    for (const url of bundle.urls) {
      const headers = bundle.getResponse(url).headers;
      expect(headers).toMatchObject({
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(headers['content-security-policy']).toBe(IWA_CSP);
      expect(headers['content-type']).toMatch(/\//);
    }
    expect(IWA_CSP).toContain("require-trusted-types-for 'script'");
    expect(IWA_CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(Object.keys(IWA_HEADERS)).toHaveLength(4);
  });

  it('writes the update manifest and a Trusted Types report of dist/', () => {
    const update = JSON.parse(readFileSync(join(outDir, 'update-manifest.json'), 'utf8')) as { versions: { version: string; src: string }[] };
    expect(update.versions[0]).toMatchObject({ src: 'ukey-assistant.swbn', channels: ['default'] });
    const report = JSON.parse(readFileSync(join(outDir, 'trusted-types-report.json'), 'utf8')) as { sink: string; file: string }[];
    process.stdout.write(`\nTrusted Types sinks in dist/:\n${report.map((f) => `  ${f.sink} in ${f.file}`).join('\n')}\n`);
    // The app starts its driver worker and registers a service worker: both are script-URL sinks.
    expect(report.map((f) => f.sink)).toEqual(expect.arrayContaining(['new Worker(url)', 'serviceWorker.register(url)']));
  });
});

describe('IWA building blocks', () => {
  it('the manifest refuses a version that is not integers and dots, and a non-HTTPS update URL', () => {
    expect(() => buildIwaManifest({ name: 'x' }, '0.1.0-beta')).toThrow(IwaBuildError);
    expect(() => buildIwaManifest({ name: 'x' }, '1.0', 'http://example.com/u.json')).toThrow(IwaBuildError);
    expect(buildIwaManifest({ name: 'x', icons: [{ src: 'icons/a.png' }] }, '1.0', 'https://example.com/u.json')).toMatchObject({
      icons: [{ src: '/icons/a.png' }],
      update_manifest_url: 'https://example.com/u.json',
      permissions_policy: IWA_PERMISSIONS_POLICY,
    });
  });

  it('the Trusted Types audit finds each kind of sink and nothing in clean code', () => {
    const found = auditTrustedTypes('a.js', 'a.innerHTML=x;new Worker(u);eval(s);b.innerHTML==c;');
    expect(found.map((f) => [f.sink, f.count])).toEqual([['Element.innerHTML', 1], ['new Worker(url)', 1], ['eval(string)', 1]]);
    expect(auditTrustedTypes('b.js', 'el.textContent=x;obj.evaluate(1);')).toEqual([]);
  });

  it('the integrity-block reader throws only IntegrityBlockError on any input (10,000 runs)', () => {
    const near = fc.tuple(fc.nat(block.length + 40), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, noise]) => {
      const copy = signed.slice(0, block.length + 40);
      copy.set(noise.subarray(0, Math.max(0, copy.length - at)), Math.min(at, copy.length));
      return copy;
    });
    const input = fc.oneof(fc.uint8Array({ maxLength: 200 }), near, near.map((b) => b.subarray(0, b.length >> 1)));
    fc.assert(
      fc.property(input, (bytes) => {
        try {
          parseIntegrityBlock(bytes);
          readCborItem(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(IntegrityBlockError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
