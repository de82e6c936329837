// The CMP decoder and the response verifier throw only typed errors, whatever the bytes (10,000 runs each).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CmpDecodeError, CmpRejectedError, CmpVerificationError, decodePkiMessage, encodePkiMessage, verifyCmpResponse } from '../../../src/shared/cmp';
import { CertificateParseError, UnsupportedAlgorithmError } from '../../../src/shared/pki/errors';
import { derVectorNames, vector, vectorCert } from './support/vectors';

const RUNS = 10_000;
const seeds = derVectorNames().map(vector);

/** A golden vector with a few bytes overwritten, a slice cut out, or truncated. */
const mutated = fc
  .record({
    seed: fc.constantFrom(...seeds),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
    cut: fc.option(fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) })),
  })
  .map(({ seed, edits, cut }) => {
    let bytes = seed.slice();
    for (const edit of edits) bytes[edit.at % bytes.length] = edit.value;
    if (cut) {
      const at = cut.at % bytes.length;
      bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + cut.length)]);
    }
    return bytes;
  });

const anyInput = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated);

function decodeOrTypedError(bytes: Uint8Array): void {
  try {
    const message = decodePkiMessage(bytes);
    // Whatever decodes must encode again (the server stores and replays what it builds).
    expect(encodePkiMessage(message)).toBeInstanceOf(Uint8Array);
  } catch (error) {
    if (!(error instanceof CmpDecodeError)) throw error;
  }
}

describe('CMP decoder properties', () => {
  it('decodes or throws CmpDecodeError, for random and mutated messages', () => {
    fc.assert(fc.property(anyInput, decodeOrTypedError), { numRuns: RUNS });
  });

  it('the response verifier throws only typed errors', async () => {
    const srv = vectorCert('srv.pem');
    const typed = [CmpDecodeError, CmpVerificationError, CmpRejectedError, CertificateParseError, UnsupportedAlgorithmError];
    await fc.assert(
      fc.asyncProperty(mutated, async (bytes) => {
        try {
          await verifyCmpResponse(bytes, {
            transaction: { transactionId: new Uint8Array(16), lastSenderNonce: new Uint8Array(16), certReqId: 0, recipient: new Uint8Array() },
            caCmpCertificate: srv,
          });
        } catch (error) {
          if (!typed.some((type) => error instanceof type)) throw error;
        }
      }),
      { numRuns: RUNS },
    );
  });
});
