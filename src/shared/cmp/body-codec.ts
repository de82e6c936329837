/**
 * PKIBody (RFC 9810 §5.1.2): a CHOICE of 27 EXPLICIT context-tagged arms. We pick the arm by its tag number and
 * decode the inner content with that arm's schema; arms we do not implement stay opaque bytes.
 */
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  CertConfirmContent,
  CertRepMessage,
  ErrorMsgContent,
  GenMsgContent,
  PollRepContent,
  PollReqContent,
  RevRepContent,
  RevReqContent,
} from './asn1/bodies';
import { CertReqMessages } from './asn1/crmf';

/** Arm names by context tag number (RFC 9810 §5.1.2). */
export const BODY_TAGS = {
  ir: 0, ip: 1, cr: 2, cp: 3, p10cr: 4, popdecc: 5, popdecr: 6, kur: 7, kup: 8, krr: 9, krp: 10, rr: 11, rp: 12,
  ccr: 13, ccp: 14, ckuann: 15, cann: 16, rann: 17, crlann: 18, pkiconf: 19, nested: 20, genm: 21, genp: 22,
  error: 23, certConf: 24, pollReq: 25, pollRep: 26,
} as const;

export type PkiBody =
  | { readonly type: 'ir' | 'cr' | 'kur'; readonly content: CertReqMessages }
  | { readonly type: 'ip' | 'cp' | 'kup'; readonly content: CertRepMessage }
  | { readonly type: 'p10cr'; readonly content: CertificationRequest }
  | { readonly type: 'rr'; readonly content: RevReqContent }
  | { readonly type: 'rp'; readonly content: RevRepContent }
  | { readonly type: 'pkiconf'; readonly content: null }
  | { readonly type: 'genm' | 'genp'; readonly content: GenMsgContent }
  | { readonly type: 'error'; readonly content: ErrorMsgContent }
  | { readonly type: 'certConf'; readonly content: CertConfirmContent }
  | { readonly type: 'pollReq'; readonly content: PollReqContent }
  | { readonly type: 'pollRep'; readonly content: PollRepContent }
  /** Any other arm, kept as the DER of its inner content. */
  | { readonly type: 'opaque'; readonly tag: number; readonly content: Uint8Array };

export type PkiBodyType = Exclude<PkiBody['type'], 'opaque'>;

type Schema = new () => object;
const SCHEMAS: Partial<Record<PkiBodyType, Schema>> = {
  ir: CertReqMessages, cr: CertReqMessages, kur: CertReqMessages,
  ip: CertRepMessage, cp: CertRepMessage, kup: CertRepMessage,
  p10cr: CertificationRequest, rr: RevReqContent, rp: RevRepContent,
  genm: GenMsgContent, genp: GenMsgContent, error: ErrorMsgContent,
  certConf: CertConfirmContent, pollReq: PollReqContent, pollRep: PollRepContent,
};

const NAME_BY_TAG = new Map<number, PkiBodyType>(
  Object.entries(BODY_TAGS)
    .filter(([name]) => name === 'pkiconf' || name in SCHEMAS)
    .map(([name, tag]) => [tag, name as PkiBodyType]),
);

const DER_NULL = new Uint8Array([0x05, 0x00]);

/**
 * Decodes the arm's inner DER (`inner`, the content of the [tag] wrapper). Throws whatever the ASN.1 parser
 * throws; the caller wraps that raw decode step into CmpDecodeError.
 */
export function decodeBodyContent(tag: number, inner: Uint8Array): PkiBody {
  const type = NAME_BY_TAG.get(tag);
  if (type === undefined) return { type: 'opaque', tag, content: inner.slice() };
  if (type === 'pkiconf') {
    // PKIConfirmContent ::= NULL (RFC 9810 §5.3.17)
    if (inner.length !== 2 || inner[0] !== 0x05 || inner[1] !== 0x00) throw new RangeError('pkiconf is not NULL');
    return { type, content: null };
  }
  const schema = SCHEMAS[type]!;
  return { type, content: AsnConvert.parse(inner, schema) } as PkiBody;
}

/** DER of the arm's inner content. */
export function encodeBodyContent(body: PkiBody): Uint8Array {
  if (body.type === 'opaque') return body.content;
  if (body.type === 'pkiconf') return DER_NULL;
  return new Uint8Array(AsnConvert.serialize(body.content));
}

export function bodyTag(body: PkiBody): number {
  return body.type === 'opaque' ? body.tag : BODY_TAGS[body.type];
}
