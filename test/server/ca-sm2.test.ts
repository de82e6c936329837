// An SM2 key on the token (GM/T 0003, SM3withSM2 per GM/T 0009 with the default signer ID) renewed through the
// reference CA: the CA checks the SM2 proof of possession and certifies the SM2 key; OpenSSL reads the result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../src/servers/ca-server/ca-material';
import { buildCertRequest, CmpRejectedError, verifyCmpResponse, type CmpSigner } from '../../src/shared/cmp';
import { OID } from '../../src/shared/pki/oids';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { sm2GeneratePrivateKey, sm2PublicKeyOf, sm2Sign } from '../../src/shared/pki/sm/sm2';
import { issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

let ca: RunningCa;
beforeAll(async () => {
  ca = await startCa();
});
afterAll(async () => {
  await ca?.close();
});

function sm2Key(): { spki: Uint8Array; signer: CmpSigner } {
  const d = sm2GeneratePrivateKey();
  const point = sm2PublicKeyOf(d).toBytes(false);
  // RFC 5480 form with the SM2 curve OID as parameters (GM/T 0015), as Chinese CAs and OpenSSL write it.
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey }),
    subjectPublicKey: point.slice().buffer,
  });
  spki.algorithm.parameters = new Uint8Array([0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d]).buffer; // 1.2.156.10197.1.301
  return { spki: new Uint8Array(AsnConvert.serialize(spki)), signer: { algorithm: 'SM3withSM2', sign: async (data) => sm2Sign(data, d) } };
}

describe('SM2 key update', () => {
  it('certifies a new SM2 key after checking its SM3withSM2 proof of possession', async () => {
    const old = await softwareKey();
    const cert = await issue(ca, old.spki);
    const next = sm2Key();
    const request = await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
    const outcome = await verifyCmpResponse(await ca.service.handle(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate, newPublicKey: next.spki });
    if (outcome.kind !== 'certificate') throw new Error(outcome.kind);
    const renewed = parseCertificate(outcome.certificate);
    expect(renewed.publicKey.kind).toBe('SM2');
    const dir = mkdtempSync(join(tmpdir(), 'ukey-sm2-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), toPem('CERTIFICATE', ca.ca.caCertificate));
      writeFileSync(join(dir, 'sm2.pem'), toPem('CERTIFICATE', outcome.certificate));
      expect(execFileSync('openssl', ['verify', '-CAfile', 'ca.pem', 'sm2.pem'], { cwd: dir, encoding: 'utf8' })).toContain('sm2.pem: OK');
      expect(execFileSync('openssl', ['x509', '-in', 'sm2.pem', '-noout', '-text'], { cwd: dir, encoding: 'utf8' })).toContain('SM2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an SM2 proof of possession made with another key', async () => {
    const old = await softwareKey();
    const cert = await issue(ca, old.spki);
    const next = sm2Key();
    const other = sm2Key();
    const request = await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: other.signer, protectionSigner: old.signer });
    const error = await verifyCmpResponse(await ca.service.handle(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate }).catch((e: unknown) => e);
    expect((error as CmpRejectedError).failInfo).toEqual(['badPOP']);
  });
});
