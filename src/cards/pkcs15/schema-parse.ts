/**
 * One way in from card bytes to the asn1-schema classes: any decoding failure becomes Pkcs15DataError naming
 * what was read, never the library's own Error (the window shows the cause in the user's words).
 */
import { AsnParser } from '@peculiar/asn1-schema';
import { Pkcs15DataError } from './errors';

export function parseSchema<T>(bytes: Uint8Array, schema: new () => T, context: string): T {
  try {
    // A copy: the parser reads the whole underlying buffer of a view on some runtimes.
    return AsnParser.parse(bytes.slice(), schema);
  } catch (error) {
    throw new Pkcs15DataError(context, error instanceof Error ? error.message : 'not valid DER', { cause: error });
  }
}

/** Lower-case hex, the form OpenSC prints identifiers and serial numbers in. */
export function hexOf(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
