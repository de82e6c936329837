/**
 * The ISO/IEC 7816-15 §8 (PKCS#15 v1.1 §6) structures this read-only profile decodes. The module is
 * IMPLICIT TAGS, so a context tag on a plain type replaces its tag (`implicit: true`); the [0]/[1] tags that
 * wrap a parameterised type (subClassAttributes, typeAttributes, PathOrObjects) are explicit. Only the fields
 * the profile uses are declared; an optional catch-all after the last of them takes the first later field, since
 * the schema decoder skips trailing fields only after a field it has matched (a card that leaves out an optional
 * field and fills a later one must still decode).
 */
import { AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, BitString } from '@peculiar/asn1-schema';

/** §8.2.4 Path ::= SEQUENCE { path OCTET STRING, index INTEGER OPTIONAL, length [0] INTEGER OPTIONAL }. */
export class Pkcs15Path {
  @AsnProp({ type: AsnPropTypes.OctetString }) path = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) index?: number;
  @AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true, optional: true }) length?: number;
}

/** §8.3 CommonObjectAttributes: label, flags, and the authId of the PIN that protects the object. */
export class CommonObjectAttributes {
  @AsnProp({ type: AsnPropTypes.Utf8String, optional: true }) label?: string;
  @AsnProp({ type: BitString, optional: true }) flags?: BitString;
  @AsnProp({ type: AsnPropTypes.OctetString, optional: true }) authId?: ArrayBuffer;
  /** Catch-all: the first later field (ISO 7816-15 extends this SEQUENCE); the rest of them are then skipped. */
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) extension?: ArrayBuffer;
}

/** §8.4.1 CommonKeyAttributes: iD (pairs the key with its certificate), usage, keyReference on the card. */
export class CommonKeyAttributes {
  @AsnProp({ type: AsnPropTypes.OctetString }) iD = new ArrayBuffer(0);
  @AsnProp({ type: BitString }) usage = new BitString();
  @AsnProp({ type: AsnPropTypes.Boolean, optional: true }) native?: boolean;
  @AsnProp({ type: BitString, optional: true }) accessFlags?: BitString;
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) keyReference?: number;
  /** Catch-all: the first later field (ISO 7816-15 extends this SEQUENCE); the rest of them are then skipped. */
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) extension?: ArrayBuffer;
}

/** §8.4.2 PrivateKeyObject: PKCS15Object{CommonKeyAttributes, CommonPrivateKeyAttributes, type attributes}. */
export class PrivateKeyObject {
  @AsnProp({ type: CommonObjectAttributes }) common = new CommonObjectAttributes();
  @AsnProp({ type: CommonKeyAttributes }) key = new CommonKeyAttributes();
  @AsnProp({ type: AsnPropTypes.Any, context: 0, optional: true }) subClass?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.Any, context: 1 }) type = new ArrayBuffer(0);
}

/** §8.4.2 PrivateKeyType ::= CHOICE { privateRSAKey, privateECKey [0], privateDHKey [1], privateDSAKey [2], privateKEAKey [3] }. */
@AsnType({ type: AsnTypeTypes.Choice })
export class PrivateKeyChoice {
  @AsnProp({ type: PrivateKeyObject, optional: true }) rsa?: PrivateKeyObject;
  @AsnProp({ type: PrivateKeyObject, context: 0, implicit: true, optional: true }) ec?: PrivateKeyObject;
  @AsnProp({ type: PrivateKeyObject, context: 1, implicit: true, optional: true }) dh?: PrivateKeyObject;
  @AsnProp({ type: PrivateKeyObject, context: 2, implicit: true, optional: true }) dsa?: PrivateKeyObject;
  @AsnProp({ type: PrivateKeyObject, context: 3, implicit: true, optional: true }) kea?: PrivateKeyObject;
}

/** §8.6.1 CommonCertificateAttributes ::= SEQUENCE { iD Identifier, authority BOOLEAN DEFAULT FALSE, ... }. */
export class CommonCertificateAttributes {
  @AsnProp({ type: AsnPropTypes.OctetString }) iD = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Boolean, optional: true }) authority?: boolean;
  /** Catch-all: the first later field (ISO 7816-15 extends this SEQUENCE); the rest of them are then skipped. */
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) extension?: ArrayBuffer;
}

/**
 * §8.6.2 X509CertificateAttributes: `value` is an ObjectValue — a Path (SEQUENCE) to the certificate's file, or
 * the certificate itself under [0]; kept raw and told apart by its tag (ObjectValue is a CHOICE).
 */
export class X509CertificateAttributes {
  @AsnProp({ type: AsnPropTypes.Any }) value = new ArrayBuffer(0);
  /** Catch-all: the first later field (ISO 7816-15 extends this SEQUENCE); the rest of them are then skipped. */
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) extension?: ArrayBuffer;
}

/** §8.6.2 CertificateObject{X509CertificateAttributes}: the x509Certificate choice of CertificateType. */
export class X509CertificateObject {
  @AsnProp({ type: CommonObjectAttributes }) common = new CommonObjectAttributes();
  @AsnProp({ type: CommonCertificateAttributes }) certificate = new CommonCertificateAttributes();
  @AsnProp({ type: X509CertificateAttributes, context: 1 }) x509 = new X509CertificateAttributes();
}

/** §8.8.1 CommonAuthenticationObjectAttributes: authId (what objects' authId names). */
export class CommonAuthenticationObjectAttributes {
  @AsnProp({ type: AsnPropTypes.OctetString, optional: true }) authId?: ArrayBuffer;
  /** Catch-all: the first later field (ISO 7816-15 extends this SEQUENCE); the rest of them are then skipped. */
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) extension?: ArrayBuffer;
}

/** §8.8.2 PinAttributes: how the PIN is encoded and which reference VERIFY names. */
export class PinAttributes {
  @AsnProp({ type: BitString }) pinFlags = new BitString();
  @AsnProp({ type: AsnPropTypes.Enumerated }) pinType = 0;
  @AsnProp({ type: AsnPropTypes.Integer }) minLength = 0;
  @AsnProp({ type: AsnPropTypes.Integer }) storedLength = 0;
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) maxLength?: number;
  @AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true, optional: true }) pinReference?: number;
  @AsnProp({ type: AsnPropTypes.OctetString, optional: true }) padChar?: ArrayBuffer;
  /** Catch-all: the first later field (ISO 7816-15 extends this SEQUENCE); the rest of them are then skipped. */
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) extension?: ArrayBuffer;
}

/** §8.8.2 the pin choice of AuthenticationType: PKCS15Object{CommonAuthenticationObjectAttributes, NULL, PinAttributes}. */
export class PinObject {
  @AsnProp({ type: CommonObjectAttributes }) common = new CommonObjectAttributes();
  @AsnProp({ type: CommonAuthenticationObjectAttributes }) auth = new CommonAuthenticationObjectAttributes();
  @AsnProp({ type: PinAttributes, context: 1 }) pin = new PinAttributes();
}

/** §8.10 TokenInfo ::= SEQUENCE { version, serialNumber, manufacturerID OPTIONAL, label [0] OPTIONAL, tokenflags, ... }. */
export class TokenInfo {
  @AsnProp({ type: AsnPropTypes.Integer }) version = 0;
  @AsnProp({ type: AsnPropTypes.OctetString }) serialNumber = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Utf8String, optional: true }) manufacturerID?: string;
  @AsnProp({ type: AsnPropTypes.Utf8String, context: 0, implicit: true, optional: true }) label?: string;
  @AsnProp({ type: BitString }) tokenflags = new BitString();
}
