// Escrow records read back from storage: every record the machine writes is accepted as is; anything else —
// random values, or a valid record with one field damaged — is CorruptRecordError, never another error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../src/store/errors';
import type { EscrowPhase, EscrowRecord } from '../../../src/flows/unlock/escrow-record';
import { readEscrowRecord, readUnlockRequestEntry } from '../../../src/flows/unlock/escrow-record-reader';

const bytes = fc.uint8Array({ minLength: 1, maxLength: 24 });
const transaction = fc.record({ transactionId: bytes, lastSenderNonce: bytes, certReqId: fc.constant(0), recipient: bytes });
const withCommit: readonly EscrowPhase[] = ['pending', 'changing', 'changed', 'committed'];

const validRecord: fc.Arbitrary<EscrowRecord> = fc.oneof(
  fc.record({
    tokenId: fc.constant('T'),
    keySerial: fc.string(),
    phase: fc.constantFrom<EscrowPhase>(...withCommit),
    escrowId: fc.string({ minLength: 1 }),
    commitDer: bytes,
    commitTransaction: transaction,
    committedBefore: fc.boolean(),
    updatedAt: fc.nat(),
  }),
  fc.record({
    tokenId: fc.constant('T'),
    keySerial: fc.string(),
    phase: fc.constantFrom<EscrowPhase>('resetting', 'at-factory', 'kept-old'),
    escrowId: fc.constant(null),
    commitDer: fc.constant(null),
    commitTransaction: fc.constant(null),
    committedBefore: fc.boolean(),
    updatedAt: fc.nat(),
  }),
);

const corruptOrSame = (value: unknown): unknown => {
  try {
    return readEscrowRecord(value, 'T');
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptRecordError);
    return 'corrupt';
  }
};

describe('readEscrowRecord', () => {
  it('accepts every record the machine writes (10,000 runs)', () => {
    fc.assert(fc.property(validRecord, (r) => void expect(readEscrowRecord(r, 'T')).toBe(r)), { numRuns: 10_000 });
  });

  it('a damaged field makes it corrupt, typed (10,000 runs)', () => {
    const fields = ['tokenId', 'keySerial', 'phase', 'escrowId', 'commitDer', 'commitTransaction', 'committedBefore', 'updatedAt'] as const;
    fc.assert(
      fc.property(validRecord, fc.constantFrom(...fields), fc.oneof(fc.constant(undefined), fc.constant(-1), fc.constant('x'), fc.constant({}), fc.constant([])), (r, field, junk) => {
        const damaged = { ...r, [field]: junk };
        const result = corruptOrSame(damaged);
        // 'x' is a fine keySerial and escrowId (a resumed record keeps the id of an abandoned pending escrow).
        const stillValid = junk === 'x' && (field === 'keySerial' || field === 'escrowId');
        expect(result === 'corrupt').toBe(!stillValid);
      }),
      { numRuns: 10_000 },
    );
  });

  it('anything at all is a record or CorruptRecordError (10,000 runs)', () => {
    fc.assert(fc.property(fc.anything(), (v) => void corruptOrSame(v)), { numRuns: 10_000 });
    expect(() => readUnlockRequestEntry({ keySerial: 'S', requestId: '', filedAt: 1 }, 'T')).toThrow(CorruptRecordError);
    expect(readUnlockRequestEntry({ keySerial: 'S', requestId: 'R', filedAt: 1 }, 'T').requestId).toBe('R');
  });
});
