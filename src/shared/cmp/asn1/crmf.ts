/**
 * CRMF (RFC 4211) structures a CMP certificate request carries. The CRMF module is IMPLICIT TAGS (RFC 4211
 * Appendix B), except where the tagged type is a CHOICE (Name, Time, POPOPrivKey): X.680 §31.2.7 forces those
 * to be explicit, which is what `implicit` left unset means here.
 */
import { AsnArray, AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extensions, GeneralName, Name, SubjectPublicKeyInfo, Time } from '@peculiar/asn1-x509';

/** RFC 4211 §5: OptionalValidity ::= SEQUENCE { notBefore [0] Time OPTIONAL, notAfter [1] Time OPTIONAL }. */
export class OptionalValidity {
  @AsnProp({ type: Time, context: 0, optional: true }) notBefore?: Time;
  @AsnProp({ type: Time, context: 1, optional: true }) notAfter?: Time;
  constructor(params: Partial<OptionalValidity> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §5: CertTemplate, every field optional. */
export class CertTemplate {
  @AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true, optional: true }) version?: number;
  @AsnProp({ type: AsnPropTypes.Integer, context: 1, implicit: true, optional: true, converter: AsnIntegerArrayBufferConverter })
  serialNumber?: ArrayBuffer;
  @AsnProp({ type: AlgorithmIdentifier, context: 2, implicit: true, optional: true }) signingAlg?: AlgorithmIdentifier;
  @AsnProp({ type: Name, context: 3, optional: true }) issuer?: Name;
  @AsnProp({ type: OptionalValidity, context: 4, implicit: true, optional: true }) validity?: OptionalValidity;
  @AsnProp({ type: Name, context: 5, optional: true }) subject?: Name;
  @AsnProp({ type: SubjectPublicKeyInfo, context: 6, implicit: true, optional: true }) publicKey?: SubjectPublicKeyInfo;
  @AsnProp({ type: AsnPropTypes.BitString, context: 7, implicit: true, optional: true }) issuerUID?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.BitString, context: 8, implicit: true, optional: true }) subjectUID?: ArrayBuffer;
  @AsnProp({ type: Extensions, context: 9, implicit: true, optional: true }) extensions?: Extensions;
  constructor(params: Partial<CertTemplate> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §6: AttributeTypeAndValue (a control or a regInfo entry); the value stays raw DER. */
export class CrmfAttribute {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) type = '';
  @AsnProp({ type: AsnPropTypes.Any }) value: ArrayBuffer = new ArrayBuffer(0);
  constructor(params: Partial<CrmfAttribute> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §6: Controls ::= SEQUENCE SIZE(1..MAX) OF AttributeTypeAndValue. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: CrmfAttribute })
export class Controls extends AsnArray<CrmfAttribute> {
  constructor(items?: CrmfAttribute[]) {
    super(items);
    Object.setPrototypeOf(this, Controls.prototype);
  }
}

/** RFC 4211 §6.5: CertId ::= SEQUENCE { issuer GeneralName, serialNumber INTEGER } (the oldCertID control). */
export class CertId {
  @AsnProp({ type: GeneralName }) issuer = new GeneralName();
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter }) serialNumber: ArrayBuffer = new ArrayBuffer(0);
  constructor(params: Partial<CertId> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §5: CertRequest ::= SEQUENCE { certReqId INTEGER, certTemplate, controls OPTIONAL }. */
export class CertRequest {
  @AsnProp({ type: AsnPropTypes.Integer }) certReqId = 0;
  @AsnProp({ type: CertTemplate }) certTemplate = new CertTemplate();
  @AsnProp({ type: Controls, optional: true }) controls?: Controls;
  constructor(params: Partial<CertRequest> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §4.1: POPOSigningKey; without poposkInput the signature covers the DER CertRequest. */
export class PopoSigningKey {
  @AsnProp({ type: AsnPropTypes.Any, context: 0, implicit: true, optional: true }) poposkInput?: ArrayBuffer;
  @AsnProp({ type: AlgorithmIdentifier }) algorithmIdentifier = new AlgorithmIdentifier();
  @AsnProp({ type: AsnPropTypes.BitString }) signature: ArrayBuffer = new ArrayBuffer(0);
  constructor(params: Partial<PopoSigningKey> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §4: ProofOfPossession CHOICE; keyEncipherment/keyAgreement are kept opaque. */
@AsnType({ type: AsnTypeTypes.Choice })
export class ProofOfPossession {
  @AsnProp({ type: AsnPropTypes.Null, context: 0, implicit: true }) raVerified?: null;
  @AsnProp({ type: PopoSigningKey, context: 1, implicit: true }) signature?: PopoSigningKey;
  @AsnProp({ type: AsnPropTypes.Any, context: 2 }) keyEncipherment?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.Any, context: 3 }) keyAgreement?: ArrayBuffer;
  constructor(params: Partial<ProofOfPossession> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §3: CertReqMsg ::= SEQUENCE { certReq, popo OPTIONAL, regInfo OPTIONAL }. */
export class CertReqMsg {
  @AsnProp({ type: CertRequest, raw: true }) certReq = new CertRequest();
  certReqRaw?: ArrayBuffer;
  @AsnProp({ type: ProofOfPossession, optional: true }) popo?: ProofOfPossession;
  @AsnProp({ type: CrmfAttribute, repeated: 'sequence', optional: true }) regInfo?: CrmfAttribute[];
  constructor(params: Partial<CertReqMsg> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 4211 §3: CertReqMessages ::= SEQUENCE SIZE (1..MAX) OF CertReqMsg. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: CertReqMsg })
export class CertReqMessages extends AsnArray<CertReqMsg> {
  constructor(items?: CertReqMsg[]) {
    super(items);
    Object.setPrototypeOf(this, CertReqMessages.prototype);
  }
}
