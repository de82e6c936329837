/** Size limits checked before anything is decoded (issue 9 §4 "size limits"). */
export const LIMITS = {
  /** The whole envelope as JSON text. */
  envelopeChars: 64 * 1024,
  /** Decoded clientDataJSON bytes (v1 payloads are < 1 KB; research §5.3 item 17 says refuse > 4 KB). */
  clientDataBytes: 4096,
  /** Decoded signature bytes (RSA-8192 is 1024). */
  signatureBytes: 1024,
  /** One certificate, DER bytes. */
  certificateBytes: 16 * 1024,
  /** Intermediates in the envelope's chain. */
  chainLength: 5,
} as const;

/** Encoded length of n bytes in unpadded base64url / padded base64. */
export const base64UrlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);
export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);
