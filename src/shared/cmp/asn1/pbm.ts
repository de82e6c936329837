/** RFC 9810 §5.1.3.1: PBMParameter for the password-based MAC (used by the unlock exchange). */
import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

export class PbmParameter {
  @AsnProp({ type: AsnPropTypes.OctetString }) salt: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AlgorithmIdentifier }) owf = new AlgorithmIdentifier();
  @AsnProp({ type: AsnPropTypes.Integer }) iterationCount = 0;
  @AsnProp({ type: AlgorithmIdentifier }) mac = new AlgorithmIdentifier();
  constructor(params: Partial<PbmParameter> = {}) {
    Object.assign(this, params);
  }
}
