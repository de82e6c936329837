/**
 * The CA's files in DIR (issue 10 §5): ca.pem + ca.key (the issuing CA), cmp-signer.pem + cmp-signer.key (the
 * certificate that signs CMP responses, issued by the CA; clients pin it), escrow.key (P-256 ECDH key: apps seal
 * PUKs to it, so escrowed PUKs are encrypted at rest). Keys are PKCS#8 PEM, readable only by the owner.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificateFile } from '../../shared/pki';
import type { CmpSigner } from '../../shared/cmp';
import { buildCertificate } from './certificate-builder';
import { nameFromDnString } from './dn-string';
import { generateKeyPair, softwareSigner, spkiOf, type KeyKind } from './software-signer';

export interface CaMaterial {
  readonly caCertificate: Uint8Array;
  readonly caSigner: CmpSigner;
  readonly cmpCertificate: Uint8Array;
  readonly cmpSigner: CmpSigner;
  /** P-256 ECDH key that escrowed PUKs are sealed to (src/shared/cmp/unlock/sealed-box.ts). */
  readonly escrowPrivateKey: CryptoKey;
  readonly escrowPublicKey: Uint8Array;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function fromPem(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

/** Imports a PKCS#8 key as ECDSA P-256 or RSA PKCS#1 v1.5 SHA-256 for signing. */
export async function importSigningKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  try {
    return await subtle().importKey('pkcs8', pkcs8.slice(), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  } catch {
    return subtle().importKey('pkcs8', pkcs8.slice(), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
  }
}

async function writeKey(path: string, key: CryptoKey): Promise<void> {
  writeFileSync(path, toPem('PRIVATE KEY', new Uint8Array(await subtle().exportKey('pkcs8', key))), { mode: 0o600 });
  chmodSync(path, 0o600);
}

export interface InitOptions {
  readonly keyKind: KeyKind;
  readonly caSubject?: string;
  readonly now?: Date;
}

export async function initCa(dir: string, options: InitOptions): Promise<void> {
  if (existsSync(join(dir, 'ca.pem'))) throw new Error(`${dir} already holds a CA (ca.pem); refusing to overwrite it`);
  mkdirSync(dir, { recursive: true });
  const now = options.now ?? new Date();
  const caKeys = await generateKeyPair(options.keyKind);
  const caSigner = softwareSigner(caKeys.privateKey);
  const caSubject = nameFromDnString(options.caSubject ?? 'CN=UKey 参考 CA (Reference CA),O=UKey Assistant,C=CN');
  const caCertificate = await buildCertificate({
    subject: caSubject,
    publicKey: await spkiOf(caKeys.publicKey),
    notBefore: now,
    notAfter: new Date(now.getTime() + 20 * YEAR_MS),
    role: 'ca',
    issuerSigner: caSigner,
  });
  const cmpKeys = await generateKeyPair(options.keyKind);
  const cmpCertificate = await buildCertificate({
    subject: nameFromDnString('CN=UKey 参考 CA CMP 签名 (CMP signer),O=UKey Assistant,C=CN'),
    publicKey: await spkiOf(cmpKeys.publicKey),
    notBefore: now,
    notAfter: new Date(now.getTime() + 10 * YEAR_MS),
    role: 'cmp-signer',
    issuerCertificate: caCertificate,
    issuerSigner: caSigner,
  });
  writeFileSync(join(dir, 'ca.pem'), toPem('CERTIFICATE', caCertificate));
  await writeKey(join(dir, 'ca.key'), caKeys.privateKey);
  writeFileSync(join(dir, 'cmp-signer.pem'), toPem('CERTIFICATE', cmpCertificate));
  await writeKey(join(dir, 'cmp-signer.key'), cmpKeys.privateKey);
  await writeKey(join(dir, 'escrow.key'), (await generateEscrowKey()).privateKey);
}

export function generateEscrowKey(): Promise<CryptoKeyPair> {
  return subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']) as Promise<CryptoKeyPair>;
}

/** The escrow private key and its public SPKI (WebCrypto cannot export a public key from a private one: via JWK). */
export async function importEscrowKey(pkcs8: Uint8Array): Promise<{ escrowPrivateKey: CryptoKey; escrowPublicKey: Uint8Array }> {
  const escrowPrivateKey = await subtle().importKey('pkcs8', pkcs8.slice(), { name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const { kty, crv, x, y } = await subtle().exportKey('jwk', escrowPrivateKey);
  const publicKey = await subtle().importKey('jwk', { kty, crv, x, y }, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
  return { escrowPrivateKey, escrowPublicKey: new Uint8Array(await subtle().exportKey('spki', publicKey)) };
}

export async function loadCa(dir: string): Promise<CaMaterial> {
  const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
  return {
    caCertificate: parseCertificateFile(read('ca.pem'))[0]!,
    caSigner: softwareSigner(await importSigningKey(fromPem(new TextDecoder().decode(read('ca.key'))))),
    cmpCertificate: parseCertificateFile(read('cmp-signer.pem'))[0]!,
    cmpSigner: softwareSigner(await importSigningKey(fromPem(new TextDecoder().decode(read('cmp-signer.key'))))),
    ...(await importEscrowKey(fromPem(new TextDecoder().decode(read('escrow.key'))))),
  };
}
