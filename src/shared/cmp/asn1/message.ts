/**
 * PKIMessage (RFC 9810 §5.1). The body stays a raw TLV here: its arm is chosen by the context tag and decoded
 * in body-codec.ts, so unknown arms survive as opaque bytes instead of failing the whole message.
 */
import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { PkiHeader } from './header';

export class PkiMessageSchema {
  @AsnProp({ type: PkiHeader, raw: true }) header = new PkiHeader();
  headerRaw?: ArrayBuffer;
  /** The whole PKIBody TLV ([n] EXPLICIT content). */
  @AsnProp({ type: AsnPropTypes.Any }) body: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.BitString, context: 0, optional: true }) protection?: ArrayBuffer;
  /** extraCerts [1] SEQUENCE OF CMPCertificate, kept raw (message-codec splits it) so signatures survive. */
  @AsnProp({ type: AsnPropTypes.Any, context: 1, optional: true }) extraCerts?: ArrayBuffer;
  constructor(params: Partial<PkiMessageSchema> = {}) {
    Object.assign(this, params);
  }
}
