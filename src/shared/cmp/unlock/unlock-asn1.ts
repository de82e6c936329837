/**
 * infoValues of our unlock and PUK-escrow general messages (infoTypes in ../oids.ts UKEY_INFO_TYPE).
 * genm/genp per RFC 9810 §5.3.19–§5.3.20; each value is one SEQUENCE defined here.
 */
import { AsnConvert, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { CmpDecodeError } from '../errors';

/** unlockRequest genm: who asks, for which key (issue 10 §4: name, phone, key serial). */
export class UnlockRequestValue {
  @AsnProp({ type: AsnPropTypes.Utf8String }) keySerial = '';
  @AsnProp({ type: AsnPropTypes.Utf8String }) name = '';
  @AsnProp({ type: AsnPropTypes.Utf8String }) phone = '';
  constructor(params: Partial<UnlockRequestValue> = {}) {
    Object.assign(this, params);
  }
}

/** unlockRelease genm: the key and the app's ephemeral P-256 public key (DER SPKI) to encrypt the PUK to. */
export class UnlockReleaseValue {
  @AsnProp({ type: AsnPropTypes.Utf8String }) keySerial = '';
  @AsnProp({ type: AsnPropTypes.OctetString }) ephemeralKey: ArrayBuffer = new ArrayBuffer(0);
  constructor(params: Partial<UnlockReleaseValue> = {}) {
    Object.assign(this, params);
  }
}

/** pukEscrowPending genm: the PUK sealed to the CA's escrow key (SealedBox DER). */
export class EscrowPendingValue {
  @AsnProp({ type: AsnPropTypes.Utf8String }) keySerial = '';
  @AsnProp({ type: AsnPropTypes.OctetString }) sealedPuk: ArrayBuffer = new ArrayBuffer(0);
  constructor(params: Partial<EscrowPendingValue> = {}) {
    Object.assign(this, params);
  }
}

/** pukEscrowCommit genm, and the genp answer to pukEscrowPending (which escrow). */
export class EscrowReferenceValue {
  @AsnProp({ type: AsnPropTypes.Utf8String }) keySerial = '';
  @AsnProp({ type: AsnPropTypes.Utf8String }) escrowId = '';
  constructor(params: Partial<EscrowReferenceValue> = {}) {
    Object.assign(this, params);
  }
}

/** Decodes an infoValue; CmpDecodeError on malformed bytes. */
export function decodeInfoValue<T extends object>(value: ArrayBuffer | undefined, schema: new () => T, what: string): T {
  try {
    return AsnConvert.parse(value ?? new ArrayBuffer(0), schema);
  } catch (cause) {
    throw new CmpDecodeError(what, `${what} infoValue is malformed`, { cause });
  }
}

export function encodeInfoValue(value: object): ArrayBuffer {
  return AsnConvert.serialize(value);
}
