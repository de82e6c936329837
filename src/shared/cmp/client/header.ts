/** The PKIHeader of our requests (RFC 9810 §5.1.1, profiled by RFC 9483 §3.1). */
import { AsnConvert } from '@peculiar/asn1-schema';
import { type AlgorithmIdentifier, GeneralName, Name } from '@peculiar/asn1-x509';
import { CmpDecodeError } from '../errors';
import { InfoTypeAndValue, PkiHeader } from '../asn1/header';
import { CMP_OID } from '../oids';

export interface HeaderFields {
  /** DER Name of the sender (the old certificate's subject for kur). */
  readonly sender: Uint8Array;
  /** DER Name of the CA. */
  readonly recipient: Uint8Array;
  /** Absent only for unprotected messages. */
  readonly protectionAlg: AlgorithmIdentifier | undefined;
  readonly transactionId: Uint8Array;
  readonly senderNonce: Uint8Array;
  readonly recipNonce?: Uint8Array;
  /** RFC 9483 §3.1: the signer's subjectKeyIdentifier, or the reference of a shared secret. */
  readonly senderKid?: Uint8Array;
  readonly messageTime?: Date;
  readonly implicitConfirm?: boolean;
}

export function parseName(der: Uint8Array, what: string): Name {
  try {
    return AsnConvert.parse(der, Name);
  } catch (cause) {
    throw new CmpDecodeError(what, `${what} is not a DER Name`, { cause });
  }
}

const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

export function buildHeader(fields: HeaderFields): PkiHeader {
  return new PkiHeader({
    pvno: 2,
    sender: new GeneralName({ directoryName: parseName(fields.sender, 'sender') }),
    recipient: new GeneralName({ directoryName: parseName(fields.recipient, 'recipient') }),
    // GeneralizedTime without fractions (RFC 5280 §4.1.2.5.2 style); the CA checks its window against it.
    messageTime: new Date(Math.floor((fields.messageTime ?? new Date()).getTime() / 1000) * 1000),
    ...(fields.protectionAlg ? { protectionAlg: fields.protectionAlg } : {}),
    ...(fields.senderKid ? { senderKID: buffer(fields.senderKid) } : {}),
    transactionID: buffer(fields.transactionId),
    senderNonce: buffer(fields.senderNonce),
    ...(fields.recipNonce ? { recipNonce: buffer(fields.recipNonce) } : {}),
    // RFC 9810 §5.1.1.1: implicitConfirm asks the CA to skip certConf; InfoValue is NULL.
    ...(fields.implicitConfirm
      ? { generalInfo: [new InfoTypeAndValue({ infoType: CMP_OID.implicitConfirm, infoValue: new Uint8Array([5, 0]).buffer })] }
      : {}),
  });
}
