/**
 * Distinguished names (RFC 5280 §4.1.2.4) as users read them: short attribute names, Chinese text decoded
 * whatever string type the CA used, RFC 4514 string form, and a canonical key to match issuer to subject
 * (RFC 5280 §7.1 compares case-insensitively with whitespace folded).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name, type AttributeValue } from '@peculiar/asn1-x509';
import { NAME_ATTRIBUTES } from './oids';
import { decodeLegacyBytes, redecodeByteString } from './text-decoding';

export interface NameAttribute {
  readonly oid: string;
  /** Short name (CN, O, …) or the dotted OID when unknown. */
  readonly key: string;
  readonly value: string;
}

export interface DistinguishedName {
  /** RDNs in encoded order (most general first); each RDN may have several attributes. */
  readonly rdns: readonly (readonly NameAttribute[])[];
  /** key → value; repeated keys are joined with ", " in encoded order. */
  readonly fields: Readonly<Record<string, string>>;
  /** RFC 4514 string: most specific RDN first, e.g. "CN=张三, O=示例公司, C=CN". */
  readonly text: string;
  /** Matching key: case- and whitespace-insensitive. */
  readonly key: string;
  /** The matching key of each RDN in encoded order: name constraints compare RDN prefixes (RFC 5280 §4.2.1.10). */
  readonly rdnKeys: readonly string[];
}

/** Reads the content bytes of one DER TLV (the value of an unknown string type), or null if malformed. */
function tlvContent(der: Uint8Array): Uint8Array | null {
  if (der.length < 2) return null;
  let length = der[1]!;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || der.length < 2 + count) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[2 + i]!;
    offset += count;
  }
  return offset + length <= der.length ? der.subarray(offset, offset + length) : null;
}

export function decodeAttributeValue(value: AttributeValue): string {
  if (value.utf8String !== undefined) return value.utf8String;
  if (value.bmpString !== undefined) return value.bmpString;
  if (value.universalString !== undefined) return value.universalString;
  const byteString = value.printableString ?? value.teletexString ?? value.ia5String;
  if (byteString !== undefined) return redecodeByteString(byteString);
  if (value.anyValue) {
    const content = tlvContent(new Uint8Array(value.anyValue));
    if (content) return decodeLegacyBytes(content);
  }
  return '';
}

/** RFC 4514 §2.4 escaping of special characters. */
function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

const fold = (value: string): string => value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export function readName(name: Name): DistinguishedName {
  const rdns = name.map((rdn) =>
    rdn.map((atv) => ({ oid: atv.type, key: NAME_ATTRIBUTES[atv.type] ?? atv.type, value: decodeAttributeValue(atv.value) })),
  );
  const fields: Record<string, string> = {};
  for (const rdn of rdns) {
    for (const { key, value } of rdn) fields[key] = fields[key] === undefined ? value : `${fields[key]}, ${value}`;
  }
  const text = [...rdns]
    .reverse()
    .map((rdn) => rdn.map(({ key, value }) => `${key}=${escapeValue(value)}`).join('+'))
    .join(', ');
  const rdnKeys = rdns.map((rdn) => rdn.map(({ oid, value }) => `${oid}=${fold(value)}`).sort().join('+'));
  return { rdns, fields, text, key: rdnKeys.join('/'), rdnKeys };
}

/** Parses a DER-encoded Name (e.g. an issuer copied into a CSR). */
export function readNameDer(der: Uint8Array): DistinguishedName {
  return readName(AsnConvert.parse(der, Name));
}
