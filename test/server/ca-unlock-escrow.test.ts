// PUK escrow bound to its token and release exactly once (issue 14 §2; security review H2, M4, L1; code review
// defects 8, 9), on SQLite and on a real PostgreSQL 15: another customer cannot replace or commit a key serial's
// escrow, the token's renewed certificate can; a repeated release of one code is answered from the store and
// spends nothing; a refused release changes nothing; concurrent releases use the code once; unauthenticated unlock
// requests are capped per key serial and rate-limited; a malformed general message gets a CMP error message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
import { approveUnlock } from '../../src/servers/ca-server/unlock/approve';
import {
  buildCertConf,
  buildCertRequest,
  buildEscrowCommit,
  buildEscrowKeyQuery,
  buildEscrowPending,
  buildUnlockRelease,
  buildUnlockRequest,
  buildUnprotectedMessage,
  CmpRejectedError,
  decodePkiMessage,
  GenMsgContent,
  InfoTypeAndValue,
  openReleasedPuk,
  readEscrowKey,
  readEscrowReference,
  UKEY_INFO_TYPE,
  verifyCmpResponse,
  type BuiltCmpRequest,
  type CmpOutcome,
} from '../../src/shared/cmp';
import { subjectFromCertificate } from '../../src/shared/pki/csr';
import { freePort, issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';
import { startPostgres, type RunningPostgres } from '../unit/cmp/support/postgres';

let postgres: RunningPostgres;
let material: RunningCa;
const dirs: string[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  material = await startCa();
});

afterAll(async () => {
  await material?.close();
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const backends: Array<[string, () => Promise<CaRepository>]> = [
  ['SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-escrow-'));
    dirs.push(dir);
    return openRepository(dir);
  }],
  ['PostgreSQL', async () => openRepository('', postgres.url)],
];

const PUK_A = new TextEncoder().encode('11111111');
const PUK_B = new TextEncoder().encode('66666666');
let serialCounter = 0;
const keySerial = (): string => `KEY-${process.pid}-${Date.now()}-${++serialCounter}`;

describe.each(backends)('escrow and release on %s', (_name, openStore) => {
  let repository: CaRepository;
  let service: CmpService;
  let recipient: Uint8Array;

  beforeAll(async () => {
    repository = await openStore();
    service = new CmpService({ ca: material.ca, repository, unlockRequests: { burst: 1000, perMinute: 1000, openPerKey: 3 } });
    recipient = subjectFromCertificate(material.ca.caCertificate);
  });
  afterAll(async () => {
    await repository?.close();
  });

  async function exchange(request: BuiltCmpRequest): Promise<CmpOutcome> {
    return verifyCmpResponse(await service.handle(request.der), { transaction: request.transaction, caCmpCertificate: material.ca.cmpCertificate, purpose: 'unlock' });
  }
  const refusal = async (request: BuiltCmpRequest): Promise<CmpRejectedError> => {
    const error = await exchange(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmpRejectedError);
    return error as CmpRejectedError;
  };

  /** A customer of the CA: a certificate (operator path, recorded in this backend) and its key. */
  async function customer() {
    const key = await softwareKey();
    const cert = await issue(material, key.spki);
    await repository.insertCertificate((await material.repository.findCertificate(cert.serial))!);
    return { key, cert, sender: { certificate: cert.der, signer: key.signer } };
  }

  async function escrow(sender: { certificate: Uint8Array; signer: Awaited<ReturnType<typeof softwareKey>>['signer'] }, serial: string, puk: Uint8Array): Promise<string> {
    const escrowKey = readEscrowKey(await exchange(buildEscrowKeyQuery(recipient)));
    const pending = readEscrowReference(await exchange(await buildEscrowPending({ sender, recipient, keySerial: serial, puk, escrowKey })));
    await exchange(await buildEscrowCommit({ sender, recipient, keySerial: serial, escrowId: pending.escrowId }));
    return pending.escrowId;
  }

  async function approvedRequest(serial: string, options: { ttlSeconds?: number; attempts?: number; now?: Date } = {}) {
    const outcome = await exchange(buildUnlockRequest({ recipient, keySerial: serial, name: '张三', phone: '13800000000' }));
    const requestId = readEscrowReference(outcome, UKEY_INFO_TYPE.unlockRequest).escrowId;
    const approval = await approveUnlock(material.ca, repository, requestId, options);
    return { requestId, code: approval!.code };
  }

  async function redeem(requestId: string, code: string, serial: string): Promise<Uint8Array> {
    const release = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    return openReleasedPuk(await exchange(release.request), release.ephemeralPrivateKey, serial);
  }

  it('refuses Bob’s escrow for Alice’s key serial, pending or commit, and Alice still gets her own PUK', async () => {
    const serial = keySerial();
    const alice = await customer();
    const bob = await customer();
    await escrow(alice.sender, serial, PUK_A);
    const escrowKey = readEscrowKey(await exchange(buildEscrowKeyQuery(recipient)));
    const pending = await refusal(await buildEscrowPending({ sender: bob.sender, recipient, keySerial: serial, puk: PUK_B, escrowKey }));
    expect(pending.failInfo).toEqual(['notAuthorized']);
    // Alice's own pending escrow id, leaked to Bob: his commit of it is refused too.
    const alicePending = readEscrowReference(await exchange(await buildEscrowPending({ sender: alice.sender, recipient, keySerial: serial, puk: PUK_A, escrowKey })));
    const commit = await refusal(await buildEscrowCommit({ sender: bob.sender, recipient, keySerial: serial, escrowId: alicePending.escrowId }));
    expect(commit.failInfo).toEqual(['notAuthorized']);
    const { requestId, code } = await approvedRequest(serial);
    expect(await redeem(requestId, code, serial)).toEqual(PUK_A);
  });

  it('lets the token’s renewed certificate (kur of the bound one) replace the escrow', async () => {
    const serial = keySerial();
    const alice = await customer();
    await escrow(alice.sender, serial, PUK_A);
    const next = await softwareKey();
    const kur = await buildCertRequest({ kind: 'kur', signerCertificate: alice.cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: alice.key.signer });
    const issued = await verifyCmpResponse(await service.handle(kur.der), { transaction: kur.transaction, caCmpCertificate: material.ca.cmpCertificate });
    if (issued.kind !== 'certificate') throw new Error(issued.kind);
    const conf = await buildCertConf({ sender: alice.sender, transaction: issued.transaction, certificate: issued.certificate, verdict: { accept: true } });
    await verifyCmpResponse(await service.handle(conf.der), { transaction: conf.transaction, caCmpCertificate: material.ca.cmpCertificate });
    await escrow({ certificate: issued.certificate, signer: next.signer }, serial, PUK_B);
    const { requestId, code } = await approvedRequest(serial);
    expect(await redeem(requestId, code, serial)).toEqual(PUK_B);
  });

  it('answers a repeated release of the same request and code from the store, spending nothing more', async () => {
    const serial = keySerial();
    const alice = await customer();
    await escrow(alice.sender, serial, PUK_A);
    const { requestId, code } = await approvedRequest(serial, { attempts: 3 });
    const release = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    const first = await service.handle(release.request.der);
    const after = await repository.findUnlockRequest(requestId);
    expect(after?.state).toBe('used');
    // The app lost the answer and sent the same bytes again: the stored answer byte for byte.
    expect(await service.handle(release.request.der)).toEqual(first);
    expect((await repository.findUnlockRequest(requestId))?.attemptsLeft).toBe(after?.attemptsLeft);
    // A new message with a new ephemeral key is refused (review defect 4: ca-escrow-review.test.ts).
    const other = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    expect((await refusal(other.request)).failInfo).toEqual(['notAuthorized']);
    // A wrong code on a used request is refused and spends nothing.
    const wrong = await buildUnlockRelease({ recipient, requestId, code: code.replace(/^./, (d) => String((Number(d) + 1) % 10)), keySerial: serial });
    expect((await refusal(wrong.request)).failInfo).toEqual(['notAuthorized']);
  });

  it('eight concurrent releases of one code, each with its own ephemeral key: the code is used once, one gets the PUK', async () => {
    const serial = keySerial();
    const alice = await customer();
    await escrow(alice.sender, serial, PUK_A);
    const { requestId, code } = await approvedRequest(serial, { attempts: 3 });
    const results = await Promise.all(Array.from({ length: 8 }, () => redeem(requestId, code, serial).catch((e: unknown) => e)));
    const released = results.filter((r) => r instanceof Uint8Array);
    expect(released).toEqual([PUK_A]);
    for (const r of results.filter((x) => !(x instanceof Uint8Array))) expect((r as CmpRejectedError).failInfo).toEqual(['notAuthorized']);
    const row = await repository.findUnlockRequest(requestId);
    expect(row?.state).toBe('used');
    expect(row?.attemptsLeft).toBe(3);
  });

  it('an expired code is refused without spending an attempt', async () => {
    const serial = keySerial();
    const alice = await customer();
    await escrow(alice.sender, serial, PUK_A);
    const { requestId, code } = await approvedRequest(serial, { now: new Date(Date.now() - 3600_000), ttlSeconds: 60, attempts: 3 });
    const release = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    expect((await refusal(release.request)).reason).toContain('已过期');
    const row = await repository.findUnlockRequest(requestId);
    expect(row?.attemptsLeft).toBe(3);
    expect(row?.state).toBe('approved');
  });

  it('files unlock requests only for a key with a committed escrow, and at most three open ones per key serial', async () => {
    const unknown = await refusal(buildUnlockRequest({ recipient, keySerial: keySerial(), name: '张三', phone: '138' }));
    expect(unknown.failInfo).toEqual(['badRequest']);
    const serial = keySerial();
    const alice = await customer();
    await escrow(alice.sender, serial, PUK_A);
    for (let i = 0; i < 3; i++) await exchange(buildUnlockRequest({ recipient, keySerial: serial, name: `张三${i}`, phone: '138' }));
    const capped = await refusal(buildUnlockRequest({ recipient, keySerial: serial, name: '李四', phone: '139' }));
    expect(capped.reason).toContain('3');
    expect(await repository.countOpenUnlockRequests(serial)).toBe(3);
  });

  it('unlock codes have at least 16 digits', async () => {
    const serial = keySerial();
    const alice = await customer();
    await escrow(alice.sender, serial, PUK_A);
    const { code } = await approvedRequest(serial);
    expect(code).toMatch(/^\d{16,}$/);
  });
});

describe('unauthenticated unlock requests', () => {
  it('are rate-limited: over the burst the CA answers systemUnavail and stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-escrow-rate-'));
    dirs.push(dir);
    const repository = await openRepository(dir);
    const service = new CmpService({ ca: material.ca, repository, unlockRequests: { burst: 3, perMinute: 1, openPerKey: 3 } });
    const recipient = subjectFromCertificate(material.ca.caCertificate);
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) {
        const request = buildUnlockRequest({ recipient, keySerial: `NOPE-${i}`, name: 'x', phone: '1' });
        answers.push(await verifyCmpResponse(await service.handle(request.der), { transaction: request.transaction, caCmpCertificate: material.ca.cmpCertificate, purpose: 'unlock' }).catch((e: unknown) => e as CmpRejectedError));
      }
      expect(answers.slice(0, 3).map((a) => (a as CmpRejectedError).failInfo)).toEqual([['badRequest'], ['badRequest'], ['badRequest']]);
      expect(answers.slice(3).map((a) => (a as CmpRejectedError).failInfo)).toEqual([['systemUnavail'], ['systemUnavail']]);
      expect(await repository.listTransactions()).toHaveLength(0);
    } finally {
      await repository.close();
    }
  });
});

describe('a malformed general message', () => {
  it('gets a CMP error message (badDataFormat) over HTTP 200, never a 5xx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-escrow-genm-'));
    dirs.push(dir);
    const repository = await openRepository(dir);
    const errors: unknown[] = [];
    const http = buildHttpServer({ service: new CmpService({ ca: material.ca, repository }), onError: (e) => errors.push(e) });
    const port = await freePort();
    await http.listen({ port, host: '127.0.0.1' });
    try {
      const recipient = subjectFromCertificate(material.ca.caCertificate);
      for (const infoType of [UKEY_INFO_TYPE.unlockRequest, UKEY_INFO_TYPE.unlockRelease]) {
        const body = { type: 'genm' as const, content: new GenMsgContent([new InfoTypeAndValue({ infoType, infoValue: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]).buffer })]) };
        const request = buildUnprotectedMessage(new Uint8Array([0x30, 0]), { transactionId: crypto.getRandomValues(new Uint8Array(16)), lastSenderNonce: new Uint8Array(), certReqId: 0, recipient }, body);
        const response = await fetch(`http://127.0.0.1:${port}/.well-known/cmp`, { method: 'POST', headers: { 'content-type': 'application/pkixcmp' }, body: request.der.slice() });
        expect(response.status).toBe(200);
        const der = new Uint8Array(await response.arrayBuffer());
        expect(decodePkiMessage(der).body.type).toBe('error');
        const error = await verifyCmpResponse(der, { transaction: request.transaction, caCmpCertificate: material.ca.cmpCertificate, purpose: 'unlock' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CmpRejectedError);
        expect((error as CmpRejectedError).failInfo).toEqual(['badDataFormat']);
      }
      expect(errors).toEqual([]);
    } finally {
      await http.close();
      await repository.close();
    }
  });
});
