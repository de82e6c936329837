/**
 * The facts the CA needs of a request's signer certificate, read straight from the DER (issue 14 §4: the full
 * parse of extraCerts[0] was the largest cost left per key update). Used only for a certificate whose bytes
 * this CA stored when it issued it (then its signature needs no check); anything the reader cannot walk, or
 * that is not such a certificate, goes through parseCertificate as before.
 */
import { readChildren, readTlv, serialToHex } from '../../shared/pki';

/** What the request checks read of the signer certificate (a ParsedCertificate has all of it). */
export interface SignerCertificate {
  readonly der: Uint8Array;
  /** Lowercase hex without leading zero bytes. */
  readonly serialNumber: string;
  /** DER SubjectPublicKeyInfo as encoded. */
  readonly spki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The issuer Name's normalised key (names.ts). */
  readonly issuer: { readonly key: string };
}

export interface SignerFacts {
  readonly serialNumber: string;
  readonly spki: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER of the issuer Name. */
  readonly issuer: Uint8Array;
}

const SEQUENCE = 0x30;

/**
 * RFC 5280 §4.1.2.5.1–.2: UTCTime YYMMDDHHMMSSZ (YY < 50 → 20YY) or GeneralizedTime YYYYMMDDHHMMSSZ from 2050, the forms
 * a conforming CA writes; null for any other spelling (the full parser decides those).
 */
export function readCertificateTime(tag: number, content: Uint8Array): Date | null {
  const text = String.fromCharCode(...content);
  const match = tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!match) return null;
  const [yearText, ...rest] = match.slice(1) as [string, string, string, string, string, string];
  const [month, day, hour, minute, second] = rest.map(Number) as [number, number, number, number, number];
  const year = tag === 0x17 ? (Number(yearText) < 50 ? 2000 : 1900) + Number(yearText) : Number(yearText);
  // §4.1.2.5: a CA writes GeneralizedTime only from 2050 (parsers disagree on years below 100, e.g. asn1js reads 0051 as 1951).
  if (tag === 0x18 && year < 2050) return null;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  // A day past the month's end would roll over: not a time any parser should read as another.
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : null;
}

/** Serial, SPKI, validity and issuer of a DER certificate (RFC 5280 §4.1 field order), or null. */
export function readSignerFacts(der: Uint8Array): SignerFacts | null {
  const certificate = readTlv(der);
  const parts = certificate?.tag === SEQUENCE && certificate.raw.length === der.length ? readChildren(certificate.content) : null;
  const tbs = parts?.length === 3 && parts[0]!.tag === SEQUENCE ? parts[0] : undefined;
  const fields = tbs ? readChildren(tbs.content) : null;
  if (!fields) return null;
  const start = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, signature, issuer, validity, subject, spki] = fields.slice(start, start + 6);
  if (!serial || serial.tag !== 0x02 || serial.content.length === 0 || !signature || signature.tag !== SEQUENCE) return null;
  if (!issuer || issuer.tag !== SEQUENCE || !validity || validity.tag !== SEQUENCE || !subject || subject.tag !== SEQUENCE || !spki || spki.tag !== SEQUENCE) return null;
  const times = readChildren(validity.content);
  if (!times || times.length !== 2) return null;
  const notBefore = readCertificateTime(times[0]!.tag, times[0]!.content);
  const notAfter = readCertificateTime(times[1]!.tag, times[1]!.content);
  if (!notBefore || !notAfter) return null;
  return { serialNumber: serialToHex(serial.content.slice().buffer), spki: spki.raw.slice(), notBefore, notAfter, issuer: issuer.raw };
}
