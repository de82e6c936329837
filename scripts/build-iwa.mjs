#!/usr/bin/env -S npx tsx
/**
 * npm run build:iwa — the same app (vite build output) as a Signed Web Bundle for ChromeOS Isolated Web Apps
 * (issue 11 §3): every file of dist/ under isolated-app://<id>/ with the IWA headers, the IWA manifest at
 * /.well-known/manifest.webmanifest, an Ed25519 integrity block (wbn + wbn-sign), an update manifest, and a
 * Trusted Types report of what in dist/ would break under `require-trusted-types-for 'script'`.
 *
 * Usage: tsx scripts/build-iwa.mjs [--reuse-dist] [--dist DIR] [--out DIR] [--update-url https://host/path/]
 * Key:   UKEY_IWA_KEY = an Ed25519 private key, PEM text or base64 (of the PEM or of PKCS#8 DER). Without it a
 *        development key is generated once at .tmp/iwa-dev-key.pem (git-ignored) and reused; never commit a key.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BundleBuilder } from 'wbn';
import { IntegrityBlockSigner, NodeCryptoSigningStrategy, WebBundleId } from 'wbn-sign';
import {
  IWA_MANIFEST_PATH,
  auditTrustedTypes,
  buildIwaManifest,
  buildUpdateManifest,
  headersFor,
} from '../src/cli/iwa/index.ts';
import { USB_DOUBLE_MARKER } from '../test/e2e/support/ws-usb/wire.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE_NAME = 'ukey-assistant.swbn';
const DEV_KEY_PATH = join(root, '.tmp', 'iwa-dev-key.pem');

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The signing key: UKEY_IWA_KEY (PEM or base64), else the development key (generated once). */
function loadKey() {
  const fromEnv = process.env.UKEY_IWA_KEY?.trim();
  if (fromEnv) {
    if (fromEnv.includes('-----BEGIN')) return { key: createPrivateKey(fromEnv), origin: 'UKEY_IWA_KEY (PEM)' };
    const raw = Buffer.from(fromEnv, 'base64');
    const text = raw.toString('utf8');
    if (text.includes('-----BEGIN')) return { key: createPrivateKey(text), origin: 'UKEY_IWA_KEY (base64 PEM)' };
    return { key: createPrivateKey({ key: raw, format: 'der', type: 'pkcs8' }), origin: 'UKEY_IWA_KEY (base64 PKCS#8)' };
  }
  if (!existsSync(DEV_KEY_PATH)) {
    mkdirSync(dirname(DEV_KEY_PATH), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(DEV_KEY_PATH, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return { key: createPrivateKey(readFileSync(DEV_KEY_PATH, 'utf8')), origin: `development key ${relative(root, DEV_KEY_PATH)}` };
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const distDir = resolve(root, option('--dist') ?? 'dist');
const outDir = resolve(root, option('--out') ?? join('.tmp', 'iwa'));
const updateUrl = option('--update-url');

if (!process.argv.includes('--reuse-dist') || !existsSync(join(distDir, 'index.html'))) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', distDir, '--emptyOutDir'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

const { key, origin: keyOrigin } = loadKey();
if (key.asymmetricKeyType !== 'ed25519') throw new Error(`UKEY_IWA_KEY must be an Ed25519 key, got ${key.asymmetricKeyType}`);
const webBundleId = new WebBundleId(key).serialize();
const baseUrl = `isolated-app://${webBundleId}/`;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const appManifestPath = join(distDir, 'manifest.webmanifest');
const appManifest = JSON.parse(readFileSync(existsSync(appManifestPath) ? appManifestPath : join(root, 'public', 'manifest.webmanifest'), 'utf8'));
const updateManifestUrl = updateUrl ? new URL('update-manifest.json', updateUrl).href : undefined;
const iwaManifest = buildIwaManifest(appManifest, version, updateManifestUrl);

const builder = new BundleBuilder('b2');
const files = listFiles(distDir).map((path) => relative(distDir, path).split(sep).join('/')).sort();
const trustedTypes = [];
for (const path of files) {
  if (path === IWA_MANIFEST_PATH.slice(1)) continue;
  const body = readFileSync(join(distDir, path));
  builder.addExchange(`${baseUrl}${path}`, 200, headersFor(path), body);
  // A web bundle maps exact URLs: the start URL "/" needs its own entry (the IWA opens start_url).
  if (path === 'index.html') builder.addExchange(baseUrl, 200, headersFor(path), body);
  if (path.endsWith('.js')) trustedTypes.push(...auditTrustedTypes(path, body.toString('utf8')));
  // A signed bundle never carries the E2E USB double (a --dist from a `--mode e2e-usb` build, issue 15 §4 review B).
  if (path.endsWith('.js') && body.includes(USB_DOUBLE_MARKER)) {
    throw new Error(`${path} carries the E2E USB double (${USB_DOUBLE_MARKER}): build dist/ without --mode e2e-usb`);
  }
}
builder.addExchange(`${baseUrl}${IWA_MANIFEST_PATH.slice(1)}`, 200, headersFor(IWA_MANIFEST_PATH), JSON.stringify(iwaManifest, null, 2));
const webBundle = builder.createBundle();

const { signedWebBundle } = await new IntegrityBlockSigner(webBundle, webBundleId, [new NodeCryptoSigningStrategy(key)]).sign();

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, BUNDLE_NAME), signedWebBundle);
writeFileSync(join(outDir, 'update-manifest.json'), JSON.stringify(buildUpdateManifest(version, updateUrl ? new URL(BUNDLE_NAME, updateUrl).href : BUNDLE_NAME), null, 2));
writeFileSync(join(outDir, 'trusted-types-report.json'), JSON.stringify(trustedTypes, null, 2));
const info = { webBundleId, origin: baseUrl, version, bundle: BUNDLE_NAME, bytes: signedWebBundle.length, resources: files.length + 2, key: keyOrigin };
writeFileSync(join(outDir, 'bundle-info.json'), JSON.stringify(info, null, 2));

process.stdout.write(`IWA bundle ${relative(root, join(outDir, BUNDLE_NAME))} (${signedWebBundle.length} bytes, ${info.resources} resources)\n`);
process.stdout.write(`  Web Bundle ID ${webBundleId}\n  origin ${baseUrl}\n  version ${version}, signed with ${keyOrigin}\n`);
process.stdout.write(`Trusted Types (require-trusted-types-for 'script'): ${trustedTypes.length} sink kind(s) in dist/\n`);
for (const f of trustedTypes) process.stdout.write(`  ${f.kind.padEnd(16)} ${f.sink} ×${f.count} in ${f.file}\n`);
