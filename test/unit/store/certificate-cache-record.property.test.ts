/**
 * readCardCacheRecord parses what IndexedDB gives back (`unknown`): whatever the value, it returns the record or
 * null (a cache miss) and never throws; every well-formed record is accepted as is; a record whose key does not
 * match its profile and identity is refused (it would be found under another card's key).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardCacheKey, readCardCacheRecord, type CardCacheRecord } from '../../../src/store/certificate-cache-record';

const RUNS = 10_000;

const facts = fc.record({
  serialNumber: fc.option(fc.string(), { nil: null }),
  firmwareVersion: fc.option(fc.string(), { nil: null }),
  cardIdentifier: fc.option(fc.string(), { nil: null }),
  readsTriesWithoutSpending: fc.boolean(),
  pinPolicy: fc.record({ minLength: fc.nat(64), maxLength: fc.nat(64), charset: fc.constantFrom('digits' as const, 'letters-digits' as const, 'any' as const) }),
  capabilities: fc.record({ credentials: fc.record({ pin: fc.boolean(), unblockCode: fc.boolean() }), signs: fc.boolean(), renews: fc.boolean() }),
});

const certificate = fc.record(
  {
    keyRef: fc.nat(0xffff),
    role: fc.constantFrom('authentication' as const, 'signature' as const, 'encryption' as const, 'card-authentication' as const, 'retired' as const),
    der: fc.option(fc.uint8Array({ maxLength: 64 }).map((b) => b.slice().buffer), { nil: null }),
    error: fc.option(fc.string(), { nil: null }),
    keyRefLabel: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: ['keyRef', 'role', 'der', 'error'] },
);

const record: fc.Arbitrary<CardCacheRecord> = fc
  .record({
    profileId: fc.string({ maxLength: 8 }),
    identity: fc.string({ minLength: 1, maxLength: 24 }),
    tokenId: fc.string(),
    generation: fc.nat(),
    facts: fc.option(facts, { nil: null }),
    certificates: fc.option(fc.array(certificate, { maxLength: 5 }), { nil: null }),
    anchorKeyRef: fc.option(fc.nat(0xffff), { nil: null }),
    keyStateVersion: fc.string(),
    seenAt: fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  })
  .map((r) => ({ ...r, cardKey: cardCacheKey(r.profileId, r.identity) }));

describe('readCardCacheRecord (property)', () => {
  it('never throws on any value; returns null or the value itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.tuple(record, fc.dictionary(fc.string(), fc.anything())).map(([r, extra]) => ({ ...r, ...extra }))), (value) => {
        const read = readCardCacheRecord(value);
        expect(read === null || read === value).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts every well-formed record as is', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(readCardCacheRecord(r)).toBe(r);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a record with one field broken or its key not its own', () => {
    const breakers: ReadonlyArray<(r: CardCacheRecord) => unknown> = [
      (r) => ({ ...r, cardKey: `${r.cardKey}x` }),
      (r) => ({ ...r, identity: '', cardKey: cardCacheKey(r.profileId, '') }),
      (r) => ({ ...r, generation: -1 }),
      (r) => ({ ...r, generation: 1.5 }),
      (r) => ({ ...r, seenAt: 'yesterday' }),
      (r) => ({ ...r, certificates: [{ keyRef: 0x9a, role: 'boss', der: null, error: null }] }),
      (r) => ({ ...r, certificates: [{ keyRef: 0x9a, role: 'retired', der: [1, 2], error: null }] }),
      (r) => ({ ...r, facts: { serialNumber: null } }),
      (r) => ({ ...r, tokenId: 7 }),
      (r) => ({ ...r, anchorKeyRef: -1 }),
    ];
    fc.assert(
      fc.property(record, fc.nat(breakers.length - 1), (r, i) => {
        expect(readCardCacheRecord(breakers[i]!(r))).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
