/**
 * SM2 signing input for a PIV card that signs SM2 under a private algorithm id (constants.ts Algorithm.SM2):
 * the card signs a 32-byte digest, so the host computes e = SM3(Z_A ‖ M) (GB/T 32918.2-2016 §6.1 A1–A2), with
 * Z_A from the signer's public key and ID — the default ID "1234567812345678" (GM/T 0009-2012 §10) unless told.
 */
import { SM2_DEFAULT_SIGNER_ID, sm2ComputeZ, sm2PublicKeyFromBytes, sm3, type SignerId } from '../../shared/pki';
import { concatBytes } from '../../shared/bytes';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { NotSupportedError } from '../../shared/errors';
import { TAG } from './constants';
import { PivDataError } from './errors';
import { requireTlv } from './tlv';

/** e = SM3(Z_A ‖ M) for the key whose uncompressed point (04 ‖ x ‖ y, SEC 1 §2.3.3) is `point`. */
export function sm2SigningInput(point: Uint8Array, data: Uint8Array, signerId: SignerId = SM2_DEFAULT_SIGNER_ID): Uint8Array<ArrayBuffer> {
  let key;
  try {
    key = sm2PublicKeyFromBytes(point);
  } catch (error) {
    throw new PivDataError('SM2 public key', 'not a point on the SM2 curve', { cause: error });
  }
  return Uint8Array.from(sm3(concatBytes(sm2ComputeZ(key, signerId), data)));
}

/** Where the host can learn a slot's public key: GET METADATA tag 04 (the 7F49 content), or the certificate. */
export interface Sm2KeySources {
  /** Content of the metadata's public-key tag, or null when the card has no GET METADATA. */
  metadataPublicKey(): Promise<Uint8Array | null>;
  /** The slot certificate's DER, or null. */
  certificate(): Promise<Uint8Array | null>;
}

/**
 * The SM2 point of a slot for Z_A: the card's own word first (metadata: the key in the slot now, even before a
 * certificate is written for it), else the certificate's subjectPublicKey (RFC 5280 §4.1.2.7).
 */
export async function sm2SlotPoint(slotLabel: string, sources: Sm2KeySources): Promise<Uint8Array> {
  const context = `SM2 key ${slotLabel}`;
  const template = await sources.metadataPublicKey();
  if (template !== null) return requireTlv(template, TAG.EC_POINT, context);
  const der = await sources.certificate();
  if (der === null) throw new NotSupportedError('SM2 signature', `Slot ${slotLabel} reports no public key and has no certificate`);
  try {
    return new Uint8Array(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  } catch (error) {
    throw new PivDataError(context, 'certificate unreadable', { cause: error });
  }
}
