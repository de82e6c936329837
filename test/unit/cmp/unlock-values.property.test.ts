// Parsers of the unlock exchange (sealed PUK boxes, our infoValues) throw only CmpDecodeError (10,000 runs), and
// a box opens only with the right key, serial and purpose.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CmpDecodeError,
  decodeInfoValue,
  encodeInfoValue,
  exportSpki,
  generateEphemeralKey,
  open,
  seal,
  UnlockReleaseValue,
  UnlockRequestValue,
  ukeyInfoTypeName,
  UKEY_INFO_TYPE,
} from '../../../src/shared/cmp';

const RUNS = 10_000;
let recipient: CryptoKeyPair;
let box: Uint8Array;
const PUK = new TextEncoder().encode('12345678');

beforeAll(async () => {
  recipient = await generateEphemeralKey();
  box = await seal(await exportSpki(recipient.publicKey), PUK, 'SN-1', 'release');
});

const mutatedBox = fc
  .record({ edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 3 }), cut: fc.nat({ max: 8 }) })
  .map(({ edits, cut }) => {
    const bytes = box.slice(0, box.length - cut);
    for (const edit of edits) bytes[edit.at % bytes.length] = edit.value;
    return bytes;
  });

describe('sealed PUK box', () => {
  it('opens with the right key, serial and purpose only', async () => {
    expect(await open(recipient.privateKey, box, 'SN-1', 'release')).toEqual(PUK);
    await expect(open(recipient.privateKey, box, 'SN-2', 'release')).rejects.toBeInstanceOf(CmpDecodeError);
    await expect(open(recipient.privateKey, box, 'SN-1', 'escrow')).rejects.toBeInstanceOf(CmpDecodeError);
    const other = await generateEphemeralKey();
    await expect(open(other.privateKey, box, 'SN-1', 'release')).rejects.toBeInstanceOf(CmpDecodeError);
  });

  it('a random or altered box never opens and throws only CmpDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutatedBox), async (bytes) => {
        try {
          const opened = await open(recipient.privateKey, bytes, 'SN-1', 'release');
          expect(opened).toEqual(PUK); // only an unaltered encoding may open (e.g. an edit that rewrote the same byte)
        } catch (error) {
          if (!(error instanceof CmpDecodeError)) throw error;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('unlock infoValues', () => {
  it('round-trip and decode random bytes only to CmpDecodeError', () => {
    const value = new UnlockRequestValue({ keySerial: 'SN-1', name: '张三', phone: '13800000000' });
    expect(decodeInfoValue(encodeInfoValue(value), UnlockRequestValue, 'unlockRequest')).toEqual(value);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const attempts = [
          () => decodeInfoValue(bytes.slice().buffer, UnlockRequestValue, 'unlockRequest'),
          () => decodeInfoValue(bytes.slice().buffer, UnlockReleaseValue, 'unlockRelease'),
        ];
        for (const attempt of attempts) {
          try {
            attempt();
          } catch (error) {
            if (!(error instanceof CmpDecodeError)) throw error;
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('recognises our infoTypes in decimal and in the form asn1js decodes them to', () => {
    expect(ukeyInfoTypeName(UKEY_INFO_TYPE.unlockRelease)).toBe('unlockRelease');
    expect(ukeyInfoTypeName('1.3.6.1.5.5.7.4.13')).toBeNull();
  });
});
