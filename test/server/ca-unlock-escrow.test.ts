// PUK escrow bound to its token and release exactly once (issue 14 §2; security review H2, M4, L1; code review
// defects 8, 9), on SQLite and on a real PostgreSQL 15: another customer cannot replace or commit a key serial's
// escrow, the token's renewed certificate can; a repeated release of one code is answered from the store and
// spends nothing; a refused release changes nothing; concurrent releases use the code once; unauthenticated unlock
// requests are capped per key serial and rate-limited; a malformed general message gets a CMP error message.
import { beforeAll, describe, expect, it } from 'vitest';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
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
  readEscrowKey,
  readEscrowReference,
  UKEY_INFO_TYPE,
  verifyCmpResponse,
} from '../../src/shared/cmp';
import { subjectFromCertificate } from '../../src/shared/pki/csr';
import { freePort, softwareKey, type RunningCa } from '../unit/cmp/support/ca-fixture';
import { useEscrowCa } from './support/escrow-harness';

const ca = useEscrowCa('escrow');
let material: RunningCa;
beforeAll(() => {
  material = ca.material();
});

const PUK_A = new TextEncoder().encode('11111111');
const PUK_B = new TextEncoder().encode('66666666');
let serialCounter = 0;
const keySerial = (): string => `KEY-${process.pid}-${Date.now()}-${++serialCounter}`;

ca.describeOnBothStores('escrow and release on %s', (suite) => {
  let repository: CaRepository;
  let service: CmpService;
  let recipient: Uint8Array;
  beforeAll(() => {
    ({ repository, service, recipient } = suite);
  });
  const { exchange, refusal, customer, escrow, approvedRequest, redeem } = suite;

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
    const repository = await openRepository(ca.sqliteDir());
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
    const repository = await openRepository(ca.sqliteDir());
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
