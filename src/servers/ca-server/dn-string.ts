/**
 * RFC 4514 strings ("CN=张三,O=单位") to DER Names. RFC 4514 §2.1 writes RDNs in reverse order, so the last one
 * is the first in DER. Values are UTF8String (RFC 5280 §4.1.2.4), except C, which is PrintableString (§A.1).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';

const TYPES: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  SERIALNUMBER: '2.5.4.5',
  EMAILADDRESS: '1.2.840.113549.1.9.1',
};

export class DnStringError extends Error {
  override readonly name = 'DnStringError';
}

/** Splits at unescaped `sep` and removes RFC 4514 §2.4 backslash escapes of special characters. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const unescape = (value: string): string => value.replace(/\\(.)/g, '$1');

export function nameFromDnString(dn: string): Uint8Array {
  const rdns = splitUnescaped(dn, ',').filter((p) => p.trim() !== '');
  if (rdns.length === 0) throw new DnStringError('empty distinguished name');
  const name = new Name(
    rdns.reverse().map((rdn) => {
      const equals = rdn.indexOf('=');
      if (equals < 1) throw new DnStringError(`"${rdn}" is not TYPE=value`);
      const type = rdn.slice(0, equals).trim().toUpperCase();
      const value = unescape(rdn.slice(equals + 1).trim());
      const oid = TYPES[type] ?? (/^\d+(\.\d+)+$/.test(type) ? type : undefined);
      if (!oid) throw new DnStringError(`unknown attribute type ${type}`);
      const attributeValue = type === 'C' ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
      return new RelativeDistinguishedName([new AttributeTypeAndValue({ type: oid, value: attributeValue })]);
    }),
  );
  return new Uint8Array(AsnConvert.serialize(name));
}
