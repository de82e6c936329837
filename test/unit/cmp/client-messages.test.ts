// What our client builds, read back with our decoder and checked like a CA would (RFC 9810 §5.1.3, RFC 4211
// §4.1), plus the PKIFailureInfo bit mapping and RFC 4514 subjects of the reference CA.
import { AsnConvert } from '@peculiar/asn1-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameFromDnString, DnStringError } from '../../../src/servers/ca-server/dn-string';
import { buildCertificate } from '../../../src/servers/ca-server/certificate-builder';
import {
  buildCertConf,
  buildCertRequest,
  buildMacMessage,
  buildUnprotectedMessage,
  certificateHash,
  CertId,
  CMP_OID,
  decodePkiMessage,
  FAIL_INFO_BITS,
  failInfoContent,
  failInfoNames,
  GenMsgContent,
  verifyMacProtection,
  verifySignatureProtection,
  type FailInfoName,
} from '../../../src/shared/cmp';
import { readNameDer } from '../../../src/shared/pki/names';
import { verifySignature } from '../../../src/shared/pki/signature-registry';
import { softwareKey } from './support/ca-fixture';

async function selfSigned(subject: string) {
  const key = await softwareKey();
  const der = await buildCertificate({
    subject: nameFromDnString(subject), publicKey: key.spki, notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000), role: 'end-entity', issuerSigner: key.signer,
  });
  return { ...key, der };
}

describe('client messages', () => {
  it('kur: template with subject and new key, oldCertID, POPO by the new key, protection by the old, 16-byte IDs', async () => {
    const old = await selfSigned('CN=张三,O=单位');
    const next = await softwareKey();
    const built = await buildCertRequest({ kind: 'kur', signerCertificate: old.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
    const message = decodePkiMessage(built.der);
    if (message.body.type !== 'kur') throw new Error(message.body.type);
    const req = message.body.content[0]!;
    expect(new Uint8Array(AsnConvert.serialize(req.certReq.certTemplate.publicKey!))).toEqual(next.spki);
    expect(readNameDer(new Uint8Array(AsnConvert.serialize(req.certReq.certTemplate.subject!))).text).toBe('CN=张三, O=单位');
    const control = req.certReq.controls!.find((c) => c.type === CMP_OID.regCtrlOldCertId)!;
    expect(AsnConvert.parse(control.value, CertId).issuer.directoryName).toBeDefined();
    const popo = req.popo!.signature!;
    expect(await verifySignature({ tbs: new Uint8Array(req.certReqRaw!), signatureAlgorithm: popo.algorithmIdentifier, signature: new Uint8Array(popo.signature) }, next.spki)).toBe(true);
    expect(await verifySignatureProtection(message, old.der)).toBe(true);
    expect(message.extraCerts).toEqual([old.der]);
    expect(new Uint8Array(message.header.transactionID!)).toEqual(built.transaction.transactionId);
    expect(built.transaction.transactionId).toHaveLength(16);
    expect(new Uint8Array(message.header.senderNonce!)).toEqual(built.transaction.lastSenderNonce);
  });

  it('certConf carries the certificate hash and, on rejection, the failInfo and reason', async () => {
    const old = await selfSigned('CN=a');
    const transaction = { transactionId: new Uint8Array(16).fill(1), lastSenderNonce: new Uint8Array(16), lastRecipNonce: new Uint8Array(16).fill(7), certReqId: 0, recipient: nameFromDnString('CN=CA') };
    const built = await buildCertConf({ sender: { certificate: old.der, signer: old.signer }, transaction, certificate: old.der, verdict: { accept: false, failInfo: 'badCertTemplate', reason: 'wrong key' } });
    const message = decodePkiMessage(built.der);
    if (message.body.type !== 'certConf') throw new Error(message.body.type);
    const status = message.body.content[0]!;
    expect(new Uint8Array(status.certHash)).toEqual(certificateHash(old.der));
    expect([...status.statusInfo!.statusString!]).toEqual(['wrong key']);
    expect(new Uint8Array(message.header.recipNonce!)).toEqual(transaction.lastRecipNonce);
  });

  it('MAC-protected and unprotected general messages', () => {
    const transaction = { transactionId: new Uint8Array(16), lastSenderNonce: new Uint8Array(16), certReqId: 0, recipient: nameFromDnString('CN=CA') };
    const body = { type: 'genm' as const, content: new GenMsgContent([]) };
    const secret = new TextEncoder().encode('12345678');
    const mac = decodePkiMessage(buildMacMessage({ name: new Uint8Array([0x30, 0]), reference: new TextEncoder().encode('req-1'), secret }, transaction, body).der);
    expect(verifyMacProtection(mac, secret)).toBe(true);
    expect(verifyMacProtection(mac, new TextEncoder().encode('12345679'))).toBe(false);
    const plain = decodePkiMessage(buildUnprotectedMessage(new Uint8Array([0x30, 0]), transaction, body).der);
    expect(plain.protection).toBeUndefined();
    expect(plain.header.protectionAlg).toBeUndefined();
  });
});

describe('PKIFailureInfo bits (RFC 9810 §5.2.3)', () => {
  it('named bits survive encoding', () => {
    expect(failInfoNames(failInfoContent(['transactionIdInUse']))).toEqual(['transactionIdInUse']);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...FAIL_INFO_BITS), { minLength: 1 }), (names: FailInfoName[]) => {
        expect(failInfoNames(failInfoContent(names)).sort()).toEqual([...names].sort());
      }),
    );
  });
});

describe('RFC 4514 subjects for the CA', () => {
  it('reverses RDN order into DER, keeps UTF-8 and escapes', () => {
    expect(readNameDer(nameFromDnString('CN=张三,O=单位\\, 北京,C=CN')).text).toBe('CN=张三, O=单位\\, 北京, C=CN');
    expect(() => nameFromDnString('nonsense')).toThrow(DnStringError);
    expect(() => nameFromDnString('XX=1')).toThrow(DnStringError);
  });
});
