/**
 * The PKIHeader of every CA response, written as DER directly (issue 14 §4: asn1-schema's serialiser for it was
 * ~5 % of the CPU per key update). RFC 9810 §5.1.1, module PKIXCMP-2023 (EXPLICIT TAGS): pvno, sender, recipient,
 * messageTime [0], protectionAlg [1], senderKID [2], transactionID [4], senderNonce [5], recipNonce [6],
 * generalInfo [8] — in that order, absent optionals left out (X.690 §10.2 is not needed: SEQUENCE keeps order).
 */
import { derExplicit, derSequence, derTlv, CMP_OID } from '../../shared/cmp';
import { derOid } from './x509-der';

export interface ResponseHeaderFields {
  /** DER GeneralName of the CA's CMP signer. */
  readonly sender: Uint8Array;
  /** DER GeneralName of the requester (the request's sender). */
  readonly recipient: Uint8Array;
  /** Whole seconds (RFC 9810 §5.1.1 messageTime; GeneralizedTime without fraction, X.690 §11.7). */
  readonly messageTime: Date;
  /** DER AlgorithmIdentifier of the protection. */
  readonly protectionAlg: Uint8Array;
  readonly senderKID: Uint8Array;
  readonly transactionID?: Uint8Array;
  readonly senderNonce: Uint8Array;
  readonly recipNonce?: Uint8Array;
  /** generalInfo with id-it-implicitConfirm (RFC 9810 §5.1.1.1), value NULL. */
  readonly implicitConfirm: boolean;
}

const PVNO_2 = new Uint8Array([0x02, 0x01, 0x02]); // cmp2000 (RFC 9810 §7: 2 unless a cmp2021 feature is used)
const NULL = new Uint8Array([0x05, 0x00]);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
function generalizedTime(date: Date): Uint8Array {
  const text = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return derTlv(0x18, new TextEncoder().encode(text));
}

const octets = (tagNumber: number, bytes: Uint8Array): Uint8Array => derExplicit(tagNumber, derTlv(0x04, bytes));

export function responseHeaderDer(h: ResponseHeaderFields): Uint8Array {
  return derSequence(
    PVNO_2,
    h.sender,
    h.recipient,
    derExplicit(0, generalizedTime(h.messageTime)),
    derExplicit(1, h.protectionAlg),
    octets(2, h.senderKID),
    ...(h.transactionID ? [octets(4, h.transactionID)] : []),
    octets(5, h.senderNonce),
    ...(h.recipNonce ? [octets(6, h.recipNonce)] : []),
    ...(h.implicitConfirm ? [derExplicit(8, derSequence(derSequence(derOid(CMP_OID.implicitConfirm), NULL)))] : []),
  );
}
