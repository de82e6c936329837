// The ONE repository suite of the reference CA, run on SQLite and on a real PostgreSQL 15 this file starts
// (issue 10 §5): atomic exchange commits, replay, conflicts, one certificate per transaction, escrow, unlock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaRepository, CertificateRecord, ExchangeCommit, TransactionRecord } from '../../src/servers/ca-server/storage/repository';
import { PostgresDriver } from '../../src/servers/ca-server/storage/postgres-driver';
import { SqlCaRepository } from '../../src/servers/ca-server/storage/sql-repository';
import { SqliteDriver } from '../../src/servers/ca-server/storage/sqlite-driver';
import { startPostgres, type RunningPostgres } from '../unit/cmp/support/postgres';

let postgres: RunningPostgres;
let sqliteDir: string;

beforeAll(async () => {
  postgres = await startPostgres();
  sqliteDir = mkdtempSync(join(tmpdir(), 'ukey-ca-repo-'));
});

afterAll(async () => {
  await postgres?.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
});

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
let counter = 0;
const unique = (prefix: string): string => `${prefix}-${Date.now()}-${++counter}`;

function transaction(id: string, overrides: Partial<TransactionRecord> = {}): TransactionRecord {
  return {
    transactionId: id, kind: 'kur', initialHash: 'h1', profile: 'default', state: 'issued', subject: bytes(0x30, 0), publicKey: bytes(1, 2, 3),
    // Each its own old certificate: one open kur per old certificate is a unique index (issue 14 §2).
    oldSerial: `old-${id}`, certReqId: 0, readyAt: null, lastServerNonce: bytes(9, 9), createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, version: 0,
    ...overrides,
  };
}

function certificate(serial: string, transactionId: string | null): CertificateRecord {
  return { serial, transactionId, subject: 'CN=张三', der: bytes(0x30, 1, 2), notBefore: 1, notAfter: 2, status: 'issued', profile: 'default', createdAt: 3 };
}

function commit(t: TransactionRecord, extra: Partial<ExchangeCommit> = {}): ExchangeCommit {
  return { transaction: t, isNew: true, requestHash: t.initialHash, request: bytes(0x30, 0), response: bytes(0x30, 1, 7), ...extra };
}

const implementations: Array<[string, () => Promise<CaRepository>]> = [
  ['SQLite', async () => new SqlCaRepository(new SqliteDriver(join(sqliteDir, `${unique('db')}.sqlite`)))],
  ['PostgreSQL', async () => new SqlCaRepository(new PostgresDriver(postgres.url))],
];

describe.each(implementations)('CA repository on %s', (_name, open) => {
  let repo: CaRepository;
  beforeAll(async () => {
    repo = await open();
    await repo.migrate();
    await repo.migrate(); // idempotent
  });
  afterAll(async () => {
    await repo?.close();
  });

  it('stores an exchange with its transaction and certificate atomically, and replays it', async () => {
    const id = unique('tx');
    const result = await repo.commitExchange(commit(transaction(id), { issued: certificate(unique('s'), id) }));
    expect(result.kind).toBe('stored');
    expect(await repo.findExchange(id, 'h1')).toEqual(bytes(0x30, 1, 7));
    expect((await repo.findTransaction(id))?.publicKey).toEqual(bytes(1, 2, 3));
    expect((await repo.findCertificateOfTransaction(id))?.subject).toBe('CN=张三');
    const again = await repo.commitExchange(commit(transaction(id), { response: bytes(0x30, 1, 8) }));
    expect(again).toEqual({ kind: 'replay', response: bytes(0x30, 1, 7) });
  });

  it('reports a conflict for another first request under the same transaction ID', async () => {
    const id = unique('tx');
    await repo.commitExchange(commit(transaction(id)));
    const other = await repo.commitExchange(commit(transaction(id, { initialHash: 'h2' })));
    expect(other.kind).toBe('conflict');
  });

  it('keeps at most one certificate per transaction and rolls the whole commit back otherwise', async () => {
    const id = unique('tx');
    await repo.commitExchange(commit(transaction(id), { issued: certificate(unique('s'), id) }));
    const t = (await repo.findTransaction(id))!;
    const second = await repo.commitExchange(commit({ ...t, state: 'confirmed' }, { isNew: false, requestHash: 'h3', issued: certificate(unique('s'), id) }));
    expect(second.kind).toBe('stale');
    expect(await repo.findExchange(id, 'h3')).toBeNull();
    expect((await repo.findTransaction(id))?.state).toBe('issued');
    expect((await repo.listCertificates()).filter((c) => c.transactionId === id)).toHaveLength(1);
  });

  it('advances a transaction only from the version it read (optimistic concurrency)', async () => {
    const id = unique('tx');
    await repo.commitExchange(commit(transaction(id)));
    const read = (await repo.findTransaction(id))!;
    const first = await repo.commitExchange(commit({ ...read, state: 'confirmed' }, { isNew: false, requestHash: 'a' }));
    const racing = await repo.commitExchange(commit({ ...read, state: 'rejected' }, { isNew: false, requestHash: 'b' }));
    expect([first.kind, racing.kind]).toEqual(['stored', 'stale']);
    expect((await repo.findTransaction(id))?.state).toBe('confirmed');
  });

  it('one of many concurrent identical first commits stores, the others replay or must re-read', async () => {
    const id = unique('tx');
    const results = await Promise.all(Array.from({ length: 6 }, () => repo.commitExchange(commit(transaction(id), { issued: certificate(unique('s'), id) }))));
    expect(results.filter((r) => r.kind === 'stored')).toHaveLength(1);
    for (const r of results) expect(['stored', 'replay', 'stale']).toContain(r.kind);
    expect((await repo.listCertificates()).filter((c) => c.transactionId === id)).toHaveLength(1);
  });

  it('escrows in two phases: only a committed escrow is releasable, a newer commit supersedes', async () => {
    const key = unique('key');
    await repo.putEscrow({ escrowId: `${key}-1`, keySerial: key, sealedPuk: bytes(1), state: 'pending', createdAt: 1 });
    expect(await repo.findCommittedEscrow(key)).toBeNull();
    expect(await repo.commitEscrow(`${key}-1`, key)).toBe(true);
    expect(await repo.commitEscrow(`${key}-1`, key)).toBe(false);
    await repo.putEscrow({ escrowId: `${key}-2`, keySerial: key, sealedPuk: bytes(2), state: 'pending', createdAt: 2 });
    expect(await repo.commitEscrow(`${key}-2`, 'another-key')).toBe(false);
    expect(await repo.commitEscrow(`${key}-2`, key)).toBe(true);
    expect((await repo.findCommittedEscrow(key))?.sealedPuk).toEqual(bytes(2));
  });

  it('keeps one open key update per old certificate: a second open kur of it is refused by the database', async () => {
    const old = unique('old');
    const first = await repo.commitExchange(commit(transaction(unique('tx'), { oldSerial: old })));
    expect(first.kind).toBe('stored');
    const second = await repo.commitExchange(commit(transaction(unique('tx'), { oldSerial: old })));
    expect(second.kind).toBe('stale');
    expect((await repo.findOpenKeyUpdate(old))?.state).toBe('issued');
    // A refused kur of the same certificate is not open and is stored.
    expect((await repo.commitExchange(commit(transaction(unique('tx'), { oldSerial: old, state: 'rejected' })))).kind).toBe('stored');
  });

  it('holds at most one committed escrow per key serial (partial unique index), even written around the repository', async () => {
    const key = unique('key');
    await repo.putEscrow({ escrowId: `${key}-a`, keySerial: key, sealedPuk: bytes(1), state: 'committed', createdAt: 1 });
    await expect(repo.putEscrow({ escrowId: `${key}-b`, keySerial: key, sealedPuk: bytes(2), state: 'committed', createdAt: 2 })).rejects.toThrow();
    expect((await repo.findCommittedEscrow(key))?.escrowId).toBe(`${key}-a`);
  });

  it('two concurrent escrow commits of one key serial leave exactly one committed', async () => {
    const key = unique('key');
    for (const n of [1, 2, 3, 4]) await repo.putEscrow({ escrowId: `${key}-${n}`, keySerial: key, sealedPuk: bytes(n), state: 'pending', createdAt: n });
    const results = await Promise.all([1, 2, 3, 4].map((n) =>
      repo.commitExchange(commit(transaction(unique('tx'), { kind: 'genm', state: 'done', oldSerial: null }), {
        effects: [{ kind: 'commit-escrow', escrowId: `${key}-${n}`, keySerial: key, certSerial: 'c1', at: n }],
      })),
    ));
    expect(results.some((r) => r.kind === 'stored')).toBe(true);
    const rows = await Promise.all([1, 2, 3, 4].map((n) => repo.findEscrow(`${key}-${n}`)));
    expect(rows.filter((r) => r?.state === 'committed')).toHaveLength(1);
    expect(await repo.findEscrowBinding(key)).toBe('c1');
  });

  it('expires an issued transaction past its confirmation deadline and revokes its certificate, once', async () => {
    const id = unique('tx');
    const serial = unique('s');
    await repo.commitExchange(commit(transaction(id, { confirmBy: 1_000 }), { issued: certificate(serial, id) }));
    expect(await repo.expireUnconfirmed(999)).not.toContain(serial);
    expect(await repo.expireUnconfirmed(1_001)).toContain(serial);
    expect(await repo.expireUnconfirmed(1_002)).not.toContain(serial);
    expect((await repo.findCertificate(serial))?.status).toBe('revoked');
    expect((await repo.findTransaction(id))?.state).toBe('expired');
  });

  it('spends unlock attempts atomically and uses a code once', async () => {
    const requestId = unique('req');
    await repo.putUnlockRequest({ requestId, keySerial: 'K', name: '张三', phone: '138', state: 'filed', sealedCode: null, codeExpiresAt: null, attemptsLeft: 0, createdAt: 1 });
    expect(await repo.takeUnlockAttempt(requestId)).toBeNull();
    expect(await repo.approveUnlockRequest(requestId, { sealedCode: bytes(7), expiresAt: 99, attempts: 3 })).toBe(true);
    const attempts = await Promise.all(Array.from({ length: 5 }, () => repo.takeUnlockAttempt(requestId)));
    expect(attempts.filter((a) => a !== null).map((a) => a!.attemptsLeft).sort()).toEqual([1, 2, 3]);
    expect((await repo.findUnlockRequest(requestId))?.state).toBe('locked');
    expect(await repo.markUnlockUsed(requestId)).toBe(true);
    expect(await repo.markUnlockUsed(requestId)).toBe(false);
    expect((await repo.findUnlockRequest(requestId))?.sealedCode).toBeNull();
    expect((await repo.listUnlockRequests()).some((r) => r.requestId === requestId)).toBe(true);
  });
});
