/**
 * Content types of the CMP body arms we implement (RFC 9810 §5.3). EXPLICIT TAGS module: a context tag wraps.
 */
import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extensions } from '@peculiar/asn1-x509';
import { CertId, CertTemplate } from './crmf';
import { InfoTypeAndValue, PkiFreeText, PkiStatusInfo } from './header';

/** RFC 9810 §5.3.4: CertOrEncCert ::= CHOICE { certificate [0] CMPCertificate, encryptedCert [1] EncryptedKey }. */
@AsnType({ type: AsnTypeTypes.Choice })
export class CertOrEncCert {
  @AsnProp({ type: Certificate, context: 0, raw: true }) certificate?: Certificate;
  certificateRaw?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.Any, context: 1 }) encryptedCert?: ArrayBuffer;
  constructor(params: Partial<CertOrEncCert> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.4: CertifiedKeyPair (privateKey and publicationInfo kept opaque). */
export class CertifiedKeyPair {
  @AsnProp({ type: CertOrEncCert }) certOrEncCert = new CertOrEncCert();
  @AsnProp({ type: AsnPropTypes.Any, context: 0, optional: true }) privateKey?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.Any, context: 1, optional: true }) publicationInfo?: ArrayBuffer;
  constructor(params: Partial<CertifiedKeyPair> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.4: CertResponse. */
export class CertResponse {
  @AsnProp({ type: AsnPropTypes.Integer }) certReqId = 0;
  @AsnProp({ type: PkiStatusInfo }) status = new PkiStatusInfo();
  @AsnProp({ type: CertifiedKeyPair, optional: true }) certifiedKeyPair?: CertifiedKeyPair;
  @AsnProp({ type: AsnPropTypes.OctetString, optional: true }) rspInfo?: ArrayBuffer;
  constructor(params: Partial<CertResponse> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.4: CertRepMessage ::= SEQUENCE { caPubs [1] SEQUENCE OF CMPCertificate OPTIONAL, response }. */
export class CertRepMessage {
  @AsnProp({ type: Certificate, context: 1, repeated: 'sequence', optional: true }) caPubs?: Certificate[];
  @AsnProp({ type: CertResponse, repeated: 'sequence' }) response: CertResponse[] = [];
  constructor(params: Partial<CertRepMessage> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.18: CertStatus (hashAlg [0] is the cmp2021 addition). */
export class CertStatus {
  @AsnProp({ type: AsnPropTypes.OctetString }) certHash: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Integer }) certReqId = 0;
  @AsnProp({ type: PkiStatusInfo, optional: true }) statusInfo?: PkiStatusInfo;
  @AsnProp({ type: AlgorithmIdentifier, context: 0, optional: true }) hashAlg?: AlgorithmIdentifier;
  constructor(params: Partial<CertStatus> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.18: CertConfirmContent ::= SEQUENCE OF CertStatus. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: CertStatus })
export class CertConfirmContent extends AsnArray<CertStatus> {
  constructor(items?: CertStatus[]) {
    super(items);
    Object.setPrototypeOf(this, CertConfirmContent.prototype);
  }
}

export class PollReqEntry {
  @AsnProp({ type: AsnPropTypes.Integer }) certReqId = 0;
  constructor(params: Partial<PollReqEntry> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.22: PollReqContent ::= SEQUENCE OF SEQUENCE { certReqId INTEGER }. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: PollReqEntry })
export class PollReqContent extends AsnArray<PollReqEntry> {
  constructor(items?: PollReqEntry[]) {
    super(items);
    Object.setPrototypeOf(this, PollReqContent.prototype);
  }
}

export class PollRepEntry {
  @AsnProp({ type: AsnPropTypes.Integer }) certReqId = 0;
  /** Seconds to wait before the next pollReq. */
  @AsnProp({ type: AsnPropTypes.Integer }) checkAfter = 0;
  @AsnProp({ type: PkiFreeText, optional: true }) reason?: PkiFreeText;
  constructor(params: Partial<PollRepEntry> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.22: PollRepContent. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: PollRepEntry })
export class PollRepContent extends AsnArray<PollRepEntry> {
  constructor(items?: PollRepEntry[]) {
    super(items);
    Object.setPrototypeOf(this, PollRepContent.prototype);
  }
}

/** RFC 9810 §5.3.21: ErrorMsgContent. */
export class ErrorMsgContent {
  @AsnProp({ type: PkiStatusInfo }) pkiStatusInfo = new PkiStatusInfo();
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) errorCode?: number;
  @AsnProp({ type: PkiFreeText, optional: true }) errorDetails?: PkiFreeText;
  constructor(params: Partial<ErrorMsgContent> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 9810 §5.3.19/§5.3.20: GenMsgContent and GenRepContent ::= SEQUENCE OF InfoTypeAndValue. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: InfoTypeAndValue })
export class GenMsgContent extends AsnArray<InfoTypeAndValue> {
  constructor(items?: InfoTypeAndValue[]) {
    super(items);
    Object.setPrototypeOf(this, GenMsgContent.prototype);
  }
}

/** RFC 9810 §5.3.9: RevDetails. */
export class RevDetails {
  @AsnProp({ type: CertTemplate }) certDetails = new CertTemplate();
  @AsnProp({ type: Extensions, optional: true }) crlEntryDetails?: Extensions;
  constructor(params: Partial<RevDetails> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: RevDetails })
export class RevReqContent extends AsnArray<RevDetails> {
  constructor(items?: RevDetails[]) {
    super(items);
    Object.setPrototypeOf(this, RevReqContent.prototype);
  }
}

/** RFC 9810 §5.3.10: RevRepContent (crls kept opaque). */
export class RevRepContent {
  @AsnProp({ type: PkiStatusInfo, repeated: 'sequence' }) status: PkiStatusInfo[] = [];
  @AsnProp({ type: CertId, context: 0, repeated: 'sequence', optional: true }) revCerts?: CertId[];
  @AsnProp({ type: AsnPropTypes.Any, context: 1, optional: true }) crls?: ArrayBuffer;
  constructor(params: Partial<RevRepContent> = {}) {
    Object.assign(this, params);
  }
}
