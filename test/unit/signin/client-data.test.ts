import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildClientDataJson,
  ccdToString,
  clientDataPrefix,
  encodeClientData,
  hasClientDataPrefix,
} from '../../../src/shared/signin/client-data';
import { ClientDataError } from '../../../src/shared/signin/errors';

const CHALLENGE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'; // bytes 0..31

describe('ukey.get v1 clientDataJSON (issue 9 §1)', () => {
  it('is byte for byte the fixed layout, rpData last', () => {
    const text = buildClientDataJson({
      challenge: CHALLENGE,
      origin: 'https://portal.example.cn',
      iat: 1790000000,
      certHash: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg',
      agent: 'https://ukey.example.cn/v1',
      rpData: '订单 42',
    });
    expect(text).toBe(
      `{"type":"ukey.get","challenge":"${CHALLENGE}","origin":"https://portal.example.cn","crossOrigin":false,` +
        '"iat":1790000000,"certHash":"n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg","agent":"https://ukey.example.cn/v1","rpData":"订单 42"}',
    );
    const bytes = encodeClientData({ challenge: CHALLENGE, origin: 'http://127.0.0.1:4180', iat: 0, certHash: 'x', agent: 'a/v1' });
    expect(new TextDecoder().decode(bytes)).toBe(
      `{"type":"ukey.get","challenge":"${CHALLENGE}","origin":"http://127.0.0.1:4180","crossOrigin":false,"iat":0,"certHash":"x","agent":"a/v1"}`,
    );
    expect(hasClientDataPrefix(bytes, CHALLENGE, 'http://127.0.0.1:4180')).toBe(true);
    expect(hasClientDataPrefix(bytes, CHALLENGE, 'http://127.0.0.1:418')).toBe(false);
    expect(hasClientDataPrefix(bytes.subarray(0, 20), CHALLENGE, 'http://127.0.0.1:4180')).toBe(false);
  });

  it('escapes strings as WebAuthn CCDToString: \\" \\\\ and \\u00xx for controls only', () => {
    expect(ccdToString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(ccdToString('\n\t\u0000\u001f')).toBe('"\\u000a\\u0009\\u0000\\u001f"');
    expect(ccdToString('/ \u007f é 😀')).toBe('"/ \u007f é 😀"'); // no escaping of "/", DEL or non-ASCII
    expect(clientDataPrefix(CHALLENGE, 'x"y')).toContain('"origin":"x\\"y"');
  });

  it('CCDToString output is JSON that reads back as the same string (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(JSON.parse(ccdToString(s))).toBe(s);
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuses values v1 cannot carry', () => {
    const base = { challenge: CHALLENGE, origin: 'https://a.cn', iat: 1, certHash: 'h', agent: 'a/v1' };
    const bad = [
      { ...base, challenge: 'AAAA' }, // 3 bytes
      { ...base, challenge: 'A'.repeat(87) }, // 65 bytes, not canonical either
      { ...base, challenge: `${CHALLENGE}=` },
      { ...base, iat: 1.5 },
      { ...base, iat: -1 },
      { ...base, origin: '' },
      { ...base, rpData: 'x'.repeat(257) },
      { ...base, rpData: '\ud800' },
    ];
    for (const fields of bad) expect(() => buildClientDataJson(fields)).toThrow(ClientDataError);
    expect(() => buildClientDataJson({ ...base, rpData: '字'.repeat(256) })).not.toThrow();
    expect(() => buildClientDataJson({ ...base, rpData: '😀'.repeat(256) })).not.toThrow(); // code points, not UTF-16 units
  });
});
