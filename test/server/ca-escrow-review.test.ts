// Review of issue 14 §2, defects 3–5, on SQLite and on a real PostgreSQL 15:
// 3. a commit of an escrow that passed the service's binding check while the key serial was unbound cannot
//    replace another certificate's escrow (the binding is checked again inside the commit's transaction);
// 4. a used unlock code answers a repeat only for the ephemeral key it released to; another key is refused;
// 5. a confirmed key update retires the old certificate: it cannot update again nor escrow (certRevoked).
import { beforeAll, expect, it } from 'vitest';
import type { CmpService } from '../../src/servers/ca-server/cmp-service';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
import {
  buildCertConf,
  buildCertRequest,
  buildEscrowCommit,
  buildEscrowKeyQuery,
  buildEscrowPending,
  buildUnlockRelease,
  CmpRejectedError,
  decodePkiMessage,
  openReleasedPuk,
  readEscrowKey,
  UKEY_INFO_TYPE,
  verifyCmpResponse,
} from '../../src/shared/cmp';
import { softwareKey, type RunningCa } from '../unit/cmp/support/ca-fixture';
import { useEscrowCa } from './support/escrow-harness';

const ca = useEscrowCa('escrow-review');
let material: RunningCa;
beforeAll(() => {
  material = ca.material();
});

const PUK_A = new TextEncoder().encode('11111111');
const PUK_B = new TextEncoder().encode('66666666');
let serialCounter = 0;
const keySerial = (): string => `REVIEW-${process.pid}-${Date.now()}-${++serialCounter}`;

ca.describeOnBothStores('escrow review defects on %s', (suite) => {
  let repository: CaRepository;
  let service: CmpService;
  let recipient: Uint8Array;
  beforeAll(() => {
    ({ repository, service, recipient } = suite);
  });
  const { exchange, refusal, customer, pendingEscrow, approvedRequest } = suite;

  it('defect 3: a commit that passed the check while the key serial was unbound does not replace the bound escrow', async () => {
    const serial = keySerial();
    const alice = await customer();
    const bob = await customer();
    // Both pendings are made while the key serial is unbound, so both pass the service's check.
    const aliceId = await pendingEscrow(alice.sender, serial, PUK_A);
    const bobId = await pendingEscrow(bob.sender, serial, PUK_B);
    await exchange(await buildEscrowCommit({ sender: alice.sender, recipient, keySerial: serial, escrowId: aliceId }));
    // Bob's commit as the service built it before Alice's landed (the race): the storage must refuse it.
    const now = Date.now();
    const result = await repository.commitExchange({
      transaction: {
        transactionId: `race-${serial}`, kind: 'genm', initialHash: 'h', profile: UKEY_INFO_TYPE.pukEscrowCommit, state: 'done', subject: null, publicKey: null,
        oldSerial: null, certReqId: 0, readyAt: null, lastServerNonce: null, createdAt: now, updatedAt: now, version: 0,
      },
      isNew: true, requestHash: `race-${serial}`, request: new Uint8Array([1]), response: new Uint8Array([2]),
      effects: [{ kind: 'commit-escrow', escrowId: bobId, keySerial: serial, certSerial: bob.cert.serial, at: now }],
    });
    expect(result.kind).toBe('stale');
    expect(await repository.findEscrowBinding(serial)).toBe(alice.cert.serial);
    expect((await repository.findCommittedEscrow(serial))?.escrowId).toBe(aliceId);
    // Through the service, Bob's late commit is refused with notAuthorized.
    expect((await refusal(await buildEscrowCommit({ sender: bob.sender, recipient, keySerial: serial, escrowId: bobId }))).failInfo).toEqual(['notAuthorized']);
    // Alice's unlock releases her own PUK.
    const { requestId, code } = await approvedRequest(serial);
    const release = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    expect(await openReleasedPuk(await exchange(release.request), release.ephemeralPrivateKey, serial)).toEqual(PUK_A);
  });

  it('defect 4: a used code answers a repeat only for the key it released to; another ephemeral key is refused', async () => {
    const serial = keySerial();
    const alice = await customer();
    const id = await pendingEscrow(alice.sender, serial, PUK_A);
    await exchange(await buildEscrowCommit({ sender: alice.sender, recipient, keySerial: serial, escrowId: id }));
    const { requestId, code } = await approvedRequest(serial);
    const first = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    const firstAnswer = await service.handle(first.request.der);
    expect(await openReleasedPuk(await verifyCmpResponse(firstAnswer, { transaction: first.request.transaction, caCmpCertificate: material.ca.cmpCertificate, purpose: 'unlock' }), first.ephemeralPrivateKey, serial)).toEqual(PUK_A);
    // The byte-identical repeat (the app lost the answer): the stored answer.
    expect(await service.handle(first.request.der)).toEqual(firstAnswer);
    // Anyone else holding the code, with a new ephemeral key: refused, no PUK.
    const other = await buildUnlockRelease({ recipient, requestId, code, keySerial: serial });
    const refused = await refusal(other.request);
    expect(refused.failInfo).toEqual(['notAuthorized']);
    expect(refused.reason).toContain('已使用');
    const row = await repository.findUnlockRequest(requestId);
    expect(row?.state).toBe('used');
    expect(decodePkiMessage(await service.handle(other.request.der)).body.type).toBe('error');
  });

  it('defect 5: a confirmed key update retires the old certificate — no second kur, no escrow from it', async () => {
    const serial = keySerial();
    const alice = await customer();
    const id = await pendingEscrow(alice.sender, serial, PUK_A);
    await exchange(await buildEscrowCommit({ sender: alice.sender, recipient, keySerial: serial, escrowId: id }));
    const next = await softwareKey();
    const kur = await buildCertRequest({ kind: 'kur', signerCertificate: alice.cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: alice.key.signer });
    const issued = await verifyCmpResponse(await service.handle(kur.der), { transaction: kur.transaction, caCmpCertificate: material.ca.cmpCertificate });
    if (issued.kind !== 'certificate') throw new Error(issued.kind);
    const conf = await buildCertConf({ sender: alice.sender, transaction: issued.transaction, certificate: issued.certificate, verdict: { accept: true } });
    await verifyCmpResponse(await service.handle(conf.der), { transaction: conf.transaction, caCmpCertificate: material.ca.cmpCertificate });
    expect((await repository.findCertificate(alice.cert.serial))?.status).toBe('superseded');
    // The same old certificate asks for another key update: refused.
    const again = await softwareKey();
    const second = await buildCertRequest({ kind: 'kur', signerCertificate: alice.cert.der, newPublicKey: again.spki, newKeySigner: again.signer, protectionSigner: alice.key.signer });
    const refusedKur = await verifyCmpResponse(await service.handle(second.der), { transaction: second.transaction, caCmpCertificate: material.ca.cmpCertificate }).catch((e: unknown) => e);
    expect(refusedKur).toBeInstanceOf(CmpRejectedError);
    expect((refusedKur as CmpRejectedError).failInfo).toEqual(['certRevoked']);
    // The old certificate can no longer escrow; the renewed one can.
    const escrowKey = readEscrowKey(await exchange(buildEscrowKeyQuery(recipient)));
    const old = await refusal(await buildEscrowPending({ sender: alice.sender, recipient, keySerial: serial, puk: PUK_B, escrowKey }));
    expect(old.failInfo).toEqual(['certRevoked']);
    const renewed = { certificate: issued.certificate, signer: next.signer };
    const newId = await pendingEscrow(renewed, serial, PUK_B);
    await exchange(await buildEscrowCommit({ sender: renewed, recipient, keySerial: serial, escrowId: newId }));
    expect((await repository.findCommittedEscrow(serial))?.escrowId).toBe(newId);
  });

  async function enrolledFor(serial: string, transactionId: string): Promise<void> {
    // What `ca enroll --key-serial` and the enrolled ir leave in the store: the enrollment names the token's
    // serial and, once used, the transaction whose certificate it issued.
    await repository.putEnrollment({
      reference: `ref-${transactionId}`, subject: new Uint8Array([0x30, 0]), subjectText: '', sealedSecret: new Uint8Array([1]), expiresAt: Date.now() + 60_000,
      state: 'used', transactionId, createdAt: Date.now(), keySerial: serial,
    });
  }

  it('defect 3 (first use): a key serial the RA enrolled is bound only by the certificate of that enrollment', async () => {
    const serial = keySerial();
    const victim = await customer(`enrolled-${serial}`);
    await enrolledFor(serial, `enrolled-${serial}`);
    const attacker = await customer();
    const escrowKey = readEscrowKey(await exchange(buildEscrowKeyQuery(recipient)));
    // Another holder cannot claim the enrolled serial in advance.
    const claimed = await refusal(await buildEscrowPending({ sender: attacker.sender, recipient, keySerial: serial, puk: PUK_B, escrowKey }));
    expect(claimed.failInfo).toEqual(['notAuthorized']);
    expect(await repository.findEscrowBinding(serial)).toBeNull();
    // The enrollment's own certificate binds it.
    const id = await pendingEscrow(victim.sender, serial, PUK_A);
    await exchange(await buildEscrowCommit({ sender: victim.sender, recipient, keySerial: serial, escrowId: id }));
    expect(await repository.findEscrowBinding(serial)).toBe(victim.cert.serial);
  });
});
