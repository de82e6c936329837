// Decoding, re-encoding and checking what OpenSSL 3.0's `openssl cmp` sent and answered (vectors/README.md).
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import {
  CertId,
  CMP_OID,
  CmpRejectedError,
  CmpVerificationError,
  decodePkiMessage,
  encodePkiMessage,
  verifyCmpResponse,
  verifyMacProtection,
  verifySignatureProtection,
  type CmpTransaction,
} from '../../../src/shared/cmp';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { verifySignature } from '../../../src/shared/pki/signature-registry';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { derVectorNames, vector, vectorCert, vectorSpki } from './support/vectors';

const bytes = (b: ArrayBuffer | undefined): Uint8Array => new Uint8Array(b ?? new ArrayBuffer(0));

/** The transaction state our client would hold after sending `requestName`. */
function transactionOf(requestName: string): CmpTransaction {
  const request = decodePkiMessage(vector(requestName));
  return {
    transactionId: bytes(request.header.transactionID),
    lastSenderNonce: bytes(request.header.senderNonce),
    certReqId: 0,
    recipient: new Uint8Array(),
  };
}

describe('CMP golden vectors from openssl cmp 3.0', () => {
  it.each(derVectorNames())('%s decodes and re-encodes byte for byte', (name) => {
    const der = vector(name);
    expect(encodePkiMessage(decodePkiMessage(der))).toEqual(der);
  });

  it('reads a kur: template, oldCertID control, POPO by the new key, protection by the old key', async () => {
    const message = decodePkiMessage(vector('kur-req.der'));
    expect(message.body.type).toBe('kur');
    if (message.body.type !== 'kur') return;
    const reqMsg = message.body.content[0]!;
    const template = reqMsg.certReq.certTemplate;
    const old = parseCertificate(vectorCert('old.pem'));
    expect(new Uint8Array(AsnConvert.serialize(template.publicKey!))).toEqual(vectorSpki('new.pub'));
    const control = reqMsg.certReq.controls![0]!;
    expect(control.type).toBe(CMP_OID.regCtrlOldCertId);
    const certId = AsnConvert.parse(control.value, CertId);
    expect(Buffer.from(certId.serialNumber).toString('hex')).toBe(old.serialNumber);
    const popo = reqMsg.popo!.signature!;
    const popoValid = await verifySignature(
      { tbs: bytes(reqMsg.certReqRaw), signatureAlgorithm: popo.algorithmIdentifier, signature: bytes(popo.signature) },
      vectorSpki('new.pub'),
    );
    expect(popoValid).toBe(true);
    expect(await verifySignatureProtection(message, vectorCert('old.pem'))).toBe(true);
    expect(await verifySignatureProtection(message, vectorCert('srv.pem'))).toBe(false);
    expect(message.extraCerts[0]).toEqual(vectorCert('old.pem'));
    expect(bytes(message.header.transactionID)).toHaveLength(16);
  });

  it('accepts the mock server kup pinned to its CMP certificate, with our new key, subject and chain', async () => {
    const outcome = await verifyCmpResponse(vector('kur-rsp.der'), {
      transaction: transactionOf('kur-req.der'),
      caCmpCertificate: vectorCert('srv.pem'),
      newPublicKey: vectorSpki('new.pub'),
      subject: new Uint8Array(AsnConvert.serialize(AsnConvert.parse(vectorCert('old.pem'), Certificate).tbsCertificate.subject)),
      trustStore: new MemoryTrustStore([{ der: vectorCert('ca.pem'), anchor: true }]),
    });
    expect(outcome.kind).toBe('certificate');
    if (outcome.kind === 'certificate') expect(outcome.certificate).toEqual(vectorCert('rsp.pem'));
  });

  it('refuses the same kup when another signer is pinned, or the nonce or transaction differs', async () => {
    const base = { transaction: transactionOf('kur-req.der'), caCmpCertificate: vectorCert('srv.pem') };
    const check = async (expectation: typeof base): Promise<string> => {
      try {
        await verifyCmpResponse(vector('kur-rsp.der'), expectation);
        return 'accepted';
      } catch (error) {
        return error instanceof CmpVerificationError ? error.check : String(error);
      }
    };
    expect(await check({ ...base, caCmpCertificate: vectorCert('old.pem') })).toBe('untrusted-signer');
    expect(await check({ ...base, transaction: { ...base.transaction, lastSenderNonce: new Uint8Array(16) } })).toBe('recip-nonce');
    expect(await check({ ...base, transaction: { ...base.transaction, transactionId: new Uint8Array(16) } })).toBe('transaction-id');
    const wrongKey = await verifyCmpResponse(vector('kur-rsp.der'), { ...base, newPublicKey: parseCertificate(vectorCert('old.pem')).spki }).catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(CmpVerificationError);
    expect((wrongKey as CmpVerificationError).check).toBe('public-key');
  });

  it('turns a protected rejection into the CA failInfo and text', async () => {
    const error = await verifyCmpResponse(vector('rej-rsp.der'), { transaction: transactionOf('rej-req.der'), caCmpCertificate: vectorCert('srv.pem') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmpRejectedError);
    expect((error as CmpRejectedError).failInfo).toEqual(['transactionIdInUse']);
    expect((error as CmpRejectedError).reason).toBe('nope');
    const errorMsg = await verifyCmpResponse(vector('err-rsp.der'), { transaction: transactionOf('err-req.der'), caCmpCertificate: vectorCert('srv.pem') }).catch((e: unknown) => e);
    expect(errorMsg).toBeInstanceOf(CmpRejectedError);
    expect((errorMsg as CmpRejectedError).failInfo).toEqual(['badRequest']);
  });

  it('reads waiting, pollRep checkAfter and pkiconf along the polling exchange', async () => {
    const srv = vectorCert('srv.pem');
    const waiting = await verifyCmpResponse(vector('poll-kup-waiting.der'), { transaction: transactionOf('poll-kur.der'), caCmpCertificate: srv });
    expect(waiting.kind).toBe('waiting');
    const pollRep = await verifyCmpResponse(vector('poll-pollrep.der'), { transaction: transactionOf('poll-pollreq1.der'), caCmpCertificate: srv });
    expect(pollRep).toMatchObject({ kind: 'waiting', checkAfterSeconds: 1 });
    const final = await verifyCmpResponse(vector('poll-kup.der'), { transaction: transactionOf('poll-pollreq2.der'), caCmpCertificate: srv, newPublicKey: vectorSpki('new.pub') });
    expect(final.kind).toBe('certificate');
    const conf = await verifyCmpResponse(vector('poll-pkiconf.der'), { transaction: transactionOf('poll-certconf.der'), caCmpCertificate: srv });
    expect(conf.kind).toBe('confirmed');
  });

  it('checks a password-based MAC (PBM, HMAC-SHA256) made by openssl with secret s3cret', () => {
    const message = decodePkiMessage(vector('mac-genm-req.der'));
    expect(verifyMacProtection(message, new TextEncoder().encode('s3cret'))).toBe(true);
    expect(verifyMacProtection(message, new TextEncoder().encode('s3creT'))).toBe(false);
  });
});
