/**
 * Issue 7 §2 "large or crafted files are size-capped and parsed in linear time". Regression for PEM_BLOCK
 * (certificate-file.ts), a lazy BEGIN…END regex that rescanned the rest of the file from every unmatched BEGIN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCertificateFile } from '../../../src/shared/pki/certificate-file';
import { crlDerFromFile } from '../../../src/shared/pki/crl-file';
import { MAX_CRL_BYTES } from '../../../src/shared/pki/crl-fetch';
import { CertificateParseError, CrlError } from '../../../src/shared/pki/errors';
import { MAX_CERTIFICATE_FILE_BYTES, readPemBlocks } from '../../../src/shared/pki/pem';

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('regression: unmatched PEM BEGINs stall the worker (O(k·n))', () => {
  it('a file of ~100,000 unmatched BEGIN lines and one END at the very end is read at once', () => {
    const text = `${'-----BEGIN CERTIFICATE-----\n'.repeat(100_000)}-----END X-----\n`;
    expect(text.length).toBeLessThan(MAX_CERTIFICATE_FILE_BYTES);
    expect(readPemBlocks(text)).toEqual([]);
    expect(() => parseCertificateFile(latin1(text))).toThrow(CertificateParseError);
  });

  it('the same attack as a CRL file', () => {
    const text = `${'-----BEGIN X509 CRL-----\n'.repeat(100_000)}`;
    expect(() => crlDerFromFile(latin1(text))).toThrow(CrlError);
  });
});

describe('size caps', () => {
  it('refuses a certificate file over MAX_CERTIFICATE_FILE_BYTES before reading it', () => {
    const error = (() => {
      try {
        parseCertificateFile(new Uint8Array(MAX_CERTIFICATE_FILE_BYTES + 1));
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CertificateParseError);
    expect((error as Error).message).toMatch(/larger than 4 MiB/);
  });
  it('refuses a CRL file over MAX_CRL_BYTES', () => {
    expect(() => crlDerFromFile(new Uint8Array(MAX_CRL_BYTES + 1))).toThrow(/larger than 32 MiB/);
  });
});

/** The model: an END closes the nearest open BEGIN of the same label; anything else drops the open block. */
function referenceBlocks(tokens: readonly Token[]): Array<{ label: string; body: string }> {
  const out: Array<{ label: string; body: string }> = [];
  let open: { label: string; body: string } | null = null;
  for (const t of tokens) {
    if (t.kind === 'text') {
      if (open) open.body += t.text;
    } else if (t.kind === 'begin') {
      open = { label: t.label, body: '' };
    } else {
      if (open && open.label === t.label) out.push(open);
      open = null;
    }
  }
  return out;
}

type Token = { kind: 'begin' | 'end'; label: string } | { kind: 'text'; text: string };
const label = fc.constantFrom('CERTIFICATE', 'X509 CRL', 'PKCS7', 'EC PRIVATE KEY');
const token: fc.Arbitrary<Token> = fc.oneof(
  fc.record({ kind: fc.constant('begin' as const), label }),
  fc.record({ kind: fc.constant('end' as const), label }),
  fc.record({ kind: fc.constant('text' as const), text: fc.stringMatching(/^[A-Za-z0-9+/=\n]{0,40}$/) }),
);
const render = (t: Token): string => (t.kind === 'text' ? t.text : `-----${t.kind.toUpperCase()} ${t.label}-----`);

describe('readPemBlocks properties (10,000 runs each)', () => {
  it('pairs markers exactly like the model', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        expect(readPemBlocks(tokens.map(render).join(''))).toEqual(referenceBlocks(tokens));
      }),
      { numRuns: 10_000 },
    );
  });
  it('never throws on arbitrary text, and every block it returns is bounded by its markers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.array(token, { maxLength: 6 }), (noise, tokens) => {
        const text = noise + tokens.map(render).join(noise);
        for (const block of readPemBlocks(text)) {
          expect(text).toContain(`-----BEGIN ${block.label}-----`);
          expect(text).toContain(`-----END ${block.label}-----`);
          expect(block.body).not.toContain('-----'); // never spans a marker
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
