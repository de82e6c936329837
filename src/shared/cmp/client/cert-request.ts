/**
 * ir / cr / kur requests (RFC 9810 §5.3.1–§5.3.5, RFC 9483 §4.1.1–§4.1.3): one CertReqMsg with subject and the
 * NEW public key, proof of possession signed by the new key (RFC 4211 §4.1: over the DER CertRequest), the
 * message protected by the signer's existing key, extraCerts = signer certificate then its chain.
 * For kur the oldCertID control (RFC 4211 §6.5) names the certificate being updated.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, GeneralName } from '@peculiar/asn1-x509';
import { CertId, CertReqMessages, CertReqMsg, CertRequest, CertTemplate, Controls, CrmfAttribute, PopoSigningKey, ProofOfPossession } from '../asn1/crmf';
import { CmpDecodeError } from '../errors';
import { assemblePkiMessage, encodeBody, encodeHeader } from '../message-codec';
import { CMP_OID } from '../oids';
import { signProtection } from '../protection';
import { signatureAlgorithmIdentifier, type CmpSigner } from '../signer';
import { parseSpki } from '../../pki/public-key';
import { buildHeader, parseName } from './header';
import { randomBytes, type BuiltCmpRequest } from './transaction';

export interface CertRequestInput {
  readonly kind: 'kur' | 'ir' | 'cr';
  /** DER certificate whose key protects the message (for kur: the certificate being renewed). */
  readonly signerCertificate: Uint8Array;
  /** DER CA certificates above the signer certificate, sent in extraCerts. */
  readonly chain?: readonly Uint8Array[];
  /** DER SubjectPublicKeyInfo of the new key (generated on the token). */
  readonly newPublicKey: Uint8Array;
  /** Signs with the NEW key (proof of possession). */
  readonly newKeySigner: CmpSigner;
  /** Signs with the signer certificate's key (message protection); for kur the OLD key, PIN verified right before. */
  readonly protectionSigner: CmpSigner;
  /** DER Name for the new certificate; default: the signer certificate's subject. */
  readonly subject?: Uint8Array;
  /** DER Name of the CA; default: the signer certificate's issuer. */
  readonly recipient?: Uint8Array;
  readonly implicitConfirm?: boolean;
  /** Default: 16 fresh random bytes. */
  readonly transactionId?: Uint8Array;
  readonly messageTime?: Date;
}

function readCertificate(der: Uint8Array): Certificate {
  try {
    return AsnConvert.parse(der, Certificate);
  } catch (cause) {
    throw new CmpDecodeError('certificate', 'signer certificate is not a DER X.509 certificate', { cause });
  }
}

const der = (value: object): Uint8Array => new Uint8Array(AsnConvert.serialize(value));

/** The subjectKeyIdentifier extension's value, used as senderKID (RFC 9483 §3.1). */
function subjectKeyId(cert: Certificate): Uint8Array | undefined {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === '2.5.29.14');
  if (!ext) return undefined;
  const value = new Uint8Array(ext.extnValue.buffer);
  return value[0] === 0x04 && value.length >= 2 ? value.subarray(2) : undefined;
}

export async function buildCertRequest(input: CertRequestInput): Promise<BuiltCmpRequest> {
  const signerCert = readCertificate(input.signerCertificate);
  const tbs = signerCert.tbsCertificate;
  const subjectDer = input.subject ?? der(tbs.subject);
  const recipient = input.recipient ?? der(tbs.issuer);
  const controls =
    input.kind === 'kur'
      ? new Controls([
          new CrmfAttribute({
            type: CMP_OID.regCtrlOldCertId,
            value: AsnConvert.serialize(
              new CertId({ issuer: new GeneralName({ directoryName: tbs.issuer }), serialNumber: tbs.serialNumber }),
            ),
          }),
        ])
      : undefined;
  const certRequest = new CertRequest({
    certReqId: 0,
    certTemplate: new CertTemplate({ subject: parseName(subjectDer, 'subject'), publicKey: parseSpki(input.newPublicKey) }),
    ...(controls ? { controls } : {}),
  });
  const popoSignature = await input.newKeySigner.sign(der(certRequest));
  const message = new CertReqMsg({
    certReq: certRequest,
    popo: new ProofOfPossession({
      signature: new PopoSigningKey({
        algorithmIdentifier: signatureAlgorithmIdentifier(input.newKeySigner.algorithm),
        signature: popoSignature.slice().buffer,
      }),
    }),
  });
  const transactionId = input.transactionId ?? randomBytes(16);
  const senderNonce = randomBytes(16);
  const senderKid = subjectKeyId(signerCert);
  const headerDer = encodeHeader(
    buildHeader({
      sender: der(tbs.subject),
      recipient,
      protectionAlg: signatureAlgorithmIdentifier(input.protectionSigner.algorithm),
      transactionId,
      senderNonce,
      ...(senderKid ? { senderKid } : {}),
      ...(input.messageTime ? { messageTime: input.messageTime } : {}),
      ...(input.implicitConfirm ? { implicitConfirm: true } : {}),
    }),
  );
  const bodyDer = encodeBody({ type: input.kind, content: new CertReqMessages([message]) });
  const protection = await signProtection(headerDer, bodyDer, input.protectionSigner);
  return {
    der: assemblePkiMessage(headerDer, bodyDer, protection, [input.signerCertificate, ...(input.chain ?? [])]),
    transaction: { transactionId, lastSenderNonce: senderNonce, certReqId: 0, recipient },
  };
}
