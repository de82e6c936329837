/**
 * `serve --demo` (issue 10 §5): the fixed demo CA of src/virtual/demo-ca issues and signs CMP responses itself, so the
 * demo token's certificates can be renewed and its PIN unlocked offline against a local server. The escrow key
 * is kept in DIR (made on first use) so that escrowed demo PUKs survive restarts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCaCertificateDer, importDemoCaKeys } from '../../virtual/demo-ca';
import { fromPem, generateEscrowKey, importEscrowKey, toPem, type CaMaterial } from './ca-material';
import { softwareSigner } from './software-signer';

export async function loadDemoCa(dir: string): Promise<CaMaterial> {
  mkdirSync(dir, { recursive: true });
  const escrowPath = join(dir, 'escrow.key');
  if (!existsSync(escrowPath)) {
    const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', (await generateEscrowKey()).privateKey));
    writeFileSync(escrowPath, toPem('PRIVATE KEY', pkcs8), { mode: 0o600 });
  }
  const keys = await importDemoCaKeys();
  const signer = softwareSigner(keys.privateKey);
  const certificate = demoCaCertificateDer();
  return {
    caCertificate: certificate,
    caSigner: signer,
    cmpCertificate: certificate,
    cmpSigner: signer,
    ...(await importEscrowKey(fromPem(readFileSync(escrowPath, 'utf8')))),
  };
}
