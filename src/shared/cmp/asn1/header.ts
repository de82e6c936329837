/**
 * CMP header and the small shared types (RFC 9810 §5.1.1, §5.2.3; module PKIXCMP-2023 is EXPLICIT TAGS, so a
 * context tag below wraps its type unless `implicit` is set).
 */
import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralName } from '@peculiar/asn1-x509';

/** RFC 9810 §5.1.1: PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Utf8String })
export class PkiFreeText extends AsnArray<string> {
  constructor(items?: string[]) {
    super(items);
    Object.setPrototypeOf(this, PkiFreeText.prototype);
  }
}

/** RFC 9810 §5.3.19: InfoTypeAndValue ::= SEQUENCE { infoType OID, infoValue ANY OPTIONAL }. */
export class InfoTypeAndValue {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) infoType = '';
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) infoValue?: ArrayBuffer;
  constructor(params: Partial<InfoTypeAndValue> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.2.3: PKIStatusInfo ::= SEQUENCE { status, statusString OPTIONAL, failInfo BIT STRING OPTIONAL }. */
export class PkiStatusInfo {
  @AsnProp({ type: AsnPropTypes.Integer }) status = 0;
  @AsnProp({ type: PkiFreeText, optional: true }) statusString?: PkiFreeText;
  // Kept as raw BIT STRING content (unused-bits byte first) so that named bits are read exactly (status.ts).
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) failInfo?: ArrayBuffer;
  constructor(params: Partial<PkiStatusInfo> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.1.1: PKIHeader. */
export class PkiHeader {
  @AsnProp({ type: AsnPropTypes.Integer }) pvno = 2;
  @AsnProp({ type: GeneralName }) sender = new GeneralName();
  @AsnProp({ type: GeneralName }) recipient = new GeneralName();
  @AsnProp({ type: AsnPropTypes.GeneralizedTime, context: 0, optional: true }) messageTime?: Date;
  @AsnProp({ type: AlgorithmIdentifier, context: 1, optional: true }) protectionAlg?: AlgorithmIdentifier;
  @AsnProp({ type: AsnPropTypes.OctetString, context: 2, optional: true }) senderKID?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.OctetString, context: 3, optional: true }) recipKID?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.OctetString, context: 4, optional: true }) transactionID?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.OctetString, context: 5, optional: true }) senderNonce?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.OctetString, context: 6, optional: true }) recipNonce?: ArrayBuffer;
  @AsnProp({ type: PkiFreeText, context: 7, optional: true }) freeText?: PkiFreeText;
  @AsnProp({ type: InfoTypeAndValue, context: 8, repeated: 'sequence', optional: true }) generalInfo?: InfoTypeAndValue[];
  constructor(params: Partial<PkiHeader> = {}) {
    Object.assign(this, params);
  }
}
