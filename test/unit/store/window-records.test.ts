/**
 * The dashboard's writes through the worker (store/window-records.ts, issue 17 §4), each one transaction: a fresh
 * read replaces the key's certificates, deletes its records that are still corrupt, and takes over the
 * certificate-only key that shares a certificate (issue 16 §1); forgetting a key takes its certificates along.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, openAppDb, putToken, replaceCertificates } from '../../../src/store';
import { deleteToken, saveTokenRead } from '../../../src/store/window-records';
import { certRecord, report, tokenRecord } from './fixtures';

const FP = 'cd'.repeat(32);

describe('window records', () => {
  it('a fresh read merges the certificate-only key of the same certificate and replaces the certificates', async () => {
    const db = await openAppDb(new IDBFactory());
    await putToken(db, tokenRecord(`cert:${FP}`, { transport: 'certificate-only', label: '社保', notes: '人事科保管', isDemo: false }));
    await replaceCertificates(db, `cert:${FP}`, [certRecord(`cert:${FP}`, 0, { report: report({ fingerprints: { sha256: FP.toUpperCase(), sha1: '' } }) })]);
    await putToken(db, tokenRecord('other', { transport: 'certificate-only', label: '别的' }));
    await replaceCertificates(db, 'usb:A', [certRecord('usb:A', 0x9c)]);

    const saved = await saveTokenRead(db, tokenRecord('usb:A', { label: '', isDemo: false }), [certRecord('usb:A', 0x9a, { report: report({ fingerprints: { sha256: FP, sha1: '' } }) })], []);
    expect(saved.merged).toEqual([`cert:${FP}`]);
    expect(saved.record).toMatchObject({ id: 'usb:A', label: '社保', notes: '人事科保管' });
    const snap = await loadSnapshot(db);
    expect(snap.tokens.map((t) => t.id).sort()).toEqual(['other', 'usb:A']);
    expect(snap.certificates.map((c) => `${c.tokenId}/${c.keyRef}`)).toEqual(['usb:A/154']);
    db.close();
  });

  it('deletes a record the read repaired only while it is still corrupt', async () => {
    const db = await openAppDb(new IDBFactory());
    await db.put('certificates', { tokenId: 'usb:A', keyRef: 0x9d } as never); // corrupt: no der
    await db.put('certificates', { tokenId: 'usb:B', keyRef: 0x9d } as never); // corrupt, another key
    const corrupt = (await loadSnapshot(db)).corrupt;
    expect(corrupt).toHaveLength(2);
    await saveTokenRead(db, tokenRecord('usb:A'), [], corrupt.filter((c) => c.tokenId === 'usb:A'));
    expect((await loadSnapshot(db)).corrupt.map((c) => c.tokenId)).toEqual(['usb:B']);
    db.close();
  });

  it('forgetting a key deletes its record and certificates, and nothing of another key', async () => {
    const db = await openAppDb(new IDBFactory());
    for (const id of ['usb:A', 'usb:B']) {
      await putToken(db, tokenRecord(id));
      await replaceCertificates(db, id, [certRecord(id, 0x9a), certRecord(id, 0x9c)]);
    }
    await deleteToken(db, 'usb:A');
    const snap = await loadSnapshot(db);
    expect(snap.tokens.map((t) => t.id)).toEqual(['usb:B']);
    expect(snap.certificates.map((c) => c.tokenId)).toEqual(['usb:B', 'usb:B']);
    db.close();
  });
});
