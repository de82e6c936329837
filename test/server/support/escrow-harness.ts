/**
 * What the escrow and unlock tests of the reference CA share: one CA and one real PostgreSQL 15 per file, a fresh
 * SQLite directory per suite, and the customer's side of the conversation (escrow, unlock request, release).
 * `describeOnBothStores` runs a suite on SQLite and on PostgreSQL, as the CA runs on either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { CmpService } from '../../../src/servers/ca-server/cmp-service';
import { openRepository } from '../../../src/servers/ca-server/open-repository';
import type { CaRepository } from '../../../src/servers/ca-server/storage/repository';
import { approveUnlock } from '../../../src/servers/ca-server/unlock/approve';
import {
  buildEscrowCommit,
  buildEscrowKeyQuery,
  buildEscrowPending,
  buildUnlockRelease,
  buildUnlockRequest,
  CmpRejectedError,
  openReleasedPuk,
  readEscrowKey,
  readEscrowReference,
  UKEY_INFO_TYPE,
  verifyCmpResponse,
  type BuiltCmpRequest,
  type CmpOutcome,
} from '../../../src/shared/cmp';
import { subjectFromCertificate } from '../../../src/shared/pki/csr';
import { issue, softwareKey, startCa, type RunningCa } from '../../unit/cmp/support/ca-fixture';
import { startPostgres, type RunningPostgres } from '../../unit/cmp/support/postgres';

type SoftwareKey = Awaited<ReturnType<typeof softwareKey>>;
export interface Sender { readonly certificate: Uint8Array; readonly signer: SoftwareKey['signer'] }
export interface Customer { readonly key: SoftwareKey; readonly cert: { der: Uint8Array; serial: string }; readonly sender: Sender }

/** One suite's CA conversation on one store; valid inside the suite's tests (after its beforeAll). */
export interface EscrowSuite {
  readonly material: RunningCa;
  readonly repository: CaRepository;
  readonly service: CmpService;
  /** The CA's subject: every request is addressed to it. */
  readonly recipient: Uint8Array;
  exchange(request: BuiltCmpRequest): Promise<CmpOutcome>;
  /** The CA's refusal of `request` (the test fails when it is answered). */
  refusal(request: BuiltCmpRequest): Promise<CmpRejectedError>;
  /** A holder with an operator-issued certificate recorded in this store; `transactionId` overrides its issuing transaction. */
  customer(transactionId?: string | null): Promise<Customer>;
  /** A pending escrow of `puk` for `keySerial`, not committed; returns its id. */
  pendingEscrow(sender: Sender, keySerial: string, puk: Uint8Array): Promise<string>;
  /** Pending then committed; returns the escrow id. */
  escrow(sender: Sender, keySerial: string, puk: Uint8Array): Promise<string>;
  approvedRequest(keySerial: string, options?: { ttlSeconds?: number; attempts?: number; now?: Date }): Promise<{ requestId: string; code: string }>;
  /** Releases the escrowed PUK with the code to a fresh one-time key and opens it. */
  redeem(requestId: string, code: string, keySerial: string): Promise<Uint8Array>;
}

export interface EscrowCa {
  readonly material: () => RunningCa;
  /** A new SQLite directory, removed after the file. */
  readonly sqliteDir: () => string;
  describeOnBothStores(title: string, body: (suite: EscrowSuite) => void): void;
}

/** Starts the CA and PostgreSQL before the file's tests and stops them after; call at the top of a test file. */
export function useEscrowCa(prefix: string): EscrowCa {
  let postgres: RunningPostgres | undefined;
  let material: RunningCa | undefined;
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
  const running = (): RunningCa => {
    if (!material) throw new Error('the CA starts in beforeAll');
    return material;
  };
  const sqliteDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), `ukey-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
  const stores: Array<[string, () => Promise<CaRepository>]> = [
    ['SQLite', () => openRepository(sqliteDir())],
    ['PostgreSQL', () => openRepository('', postgres!.url)],
  ];
  return {
    material: running,
    sqliteDir,
    describeOnBothStores(title, body) {
      describe.each(stores)(title, (_name, openStore) => body(escrowSuite(running, openStore)));
    },
  };
}

function escrowSuite(running: () => RunningCa, openStore: () => Promise<CaRepository>): EscrowSuite {
  let repository: CaRepository | undefined;
  let service: CmpService | undefined;
  beforeAll(async () => {
    repository = await openStore();
    service = new CmpService({ ca: running().ca, repository, unlockRequests: { burst: 1000, perMinute: 1000, openPerKey: 3 } });
  });
  afterAll(async () => {
    await repository?.close();
  });
  const suite: EscrowSuite = {
    get material() {
      return running();
    },
    get repository() {
      if (!repository) throw new Error('the store opens in beforeAll');
      return repository;
    },
    get service() {
      if (!service) throw new Error('the service starts in beforeAll');
      return service;
    },
    get recipient() {
      return subjectFromCertificate(running().ca.caCertificate);
    },
    async exchange(request) {
      return verifyCmpResponse(await suite.service.handle(request.der), { transaction: request.transaction, caCmpCertificate: running().ca.cmpCertificate, purpose: 'unlock' });
    },
    async refusal(request) {
      const error = await suite.exchange(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CmpRejectedError);
      return error as CmpRejectedError;
    },
    async customer(transactionId) {
      const key = await softwareKey();
      const cert = await issue(running(), key.spki);
      const record = (await running().repository.findCertificate(cert.serial))!;
      await suite.repository.insertCertificate(transactionId === undefined ? record : { ...record, transactionId });
      return { key, cert, sender: { certificate: cert.der, signer: key.signer } };
    },
    async pendingEscrow(sender, keySerial, puk) {
      const escrowKey = readEscrowKey(await suite.exchange(buildEscrowKeyQuery(suite.recipient)));
      return readEscrowReference(await suite.exchange(await buildEscrowPending({ sender, recipient: suite.recipient, keySerial, puk, escrowKey }))).escrowId;
    },
    async escrow(sender, keySerial, puk) {
      const escrowId = await suite.pendingEscrow(sender, keySerial, puk);
      await suite.exchange(await buildEscrowCommit({ sender, recipient: suite.recipient, keySerial, escrowId }));
      return escrowId;
    },
    async approvedRequest(keySerial, options = {}) {
      const outcome = await suite.exchange(buildUnlockRequest({ recipient: suite.recipient, keySerial, name: '张三', phone: '13800000000' }));
      const requestId = readEscrowReference(outcome, UKEY_INFO_TYPE.unlockRequest).escrowId;
      const approval = await approveUnlock(running().ca, suite.repository, requestId, options);
      return { requestId, code: approval!.code };
    },
    async redeem(requestId, code, keySerial) {
      const release = await buildUnlockRelease({ recipient: suite.recipient, requestId, code, keySerial });
      return openReleasedPuk(await suite.exchange(release.request), release.ephemeralPrivateKey, keySerial);
    },
  };
  return suite;
}
