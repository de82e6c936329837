import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { deleteTrustedCa, isTrustedCaRecord, listTrustedCas, openAppDb, putTrustedCa, type TrustedCaRecord } from '../../../src/store';

const record = (id: string, importedAt: string): TrustedCaRecord => ({
  id, der: Uint8Array.of(0x30, 0x00).buffer, label: `CN=${id.slice(0, 4)}`, notAfter: '2036-01-01T00:00:00.000Z', importedAt,
});

describe('trustedCAs store', () => {
  it('lists valid records oldest first, skips malformed ones, deletes by id', async () => {
    const db = await openAppDb(new IDBFactory());
    await putTrustedCa(db, record('b'.repeat(64), '2026-02-01T00:00:00Z'));
    await putTrustedCa(db, record('a'.repeat(64), '2026-01-01T00:00:00Z'));
    await db.put('trustedCAs', { id: 'c'.repeat(64), der: 'not bytes', label: 'x', notAfter: 'x', importedAt: 'x' } as never);
    expect((await listTrustedCas(db)).map((r) => r.id[0])).toEqual(['a', 'b']);
    await deleteTrustedCa(db, 'a'.repeat(64));
    expect((await listTrustedCas(db)).map((r) => r.id[0])).toEqual(['b']);
    db.close();
  });

  it('the shape check wants a hex SHA-256 id, non-empty DER and ISO times', () => {
    const good = record('0'.repeat(64), '2026-01-01T00:00:00Z');
    expect(isTrustedCaRecord(good)).toBe(true);
    expect(isTrustedCaRecord({ ...good, id: 'XYZ' })).toBe(false);
    expect(isTrustedCaRecord({ ...good, der: new ArrayBuffer(0) })).toBe(false);
    expect(isTrustedCaRecord({ ...good, notAfter: 'soon' })).toBe(false);
    expect(isTrustedCaRecord(null)).toBe(false);
  });
});
