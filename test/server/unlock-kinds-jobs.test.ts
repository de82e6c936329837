/**
 * Online unlock as jobs on every card kind (issue 15 §5, "Done when": every flow on every kind). The window
 * keeps a worker whose job is alive (src/ui/driver-client/resilient-driver.ts: a running job with a fresh step),
 * so a PUK command must never be in flight without the job saying so: each test holds the card in the middle of
 * RESET RETRY COUNTER or CHANGE REFERENCE DATA and reads the job's status from the worker's JobService there —
 * running, busy, and its last step the one the card is doing, already durable in the escrow record — and the
 * window's resilient driver, whose other call runs out of time right then, keeps the worker (never terminated).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveUnlock } from '../../src/servers/ca-server/unlock/approve';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import { MemoryEscrowRecordStore } from '../../src/flows/unlock/escrow-record';
import { watchJob } from '../../src/ui/driver-client/job-watch';
import { resilientDriver } from '../../src/ui/driver-client/resilient-driver';
import { asDriver } from '../support/flat-driver';
import type { JobProgress, JobStatus } from '../../src/worker/jobs-api';
import { JobService } from '../../src/worker/jobs-service';
import { RenewalService } from '../../src/worker/renewal-service';
import { CARD_KINDS, cardKind, type CardKindId } from '../../src/virtual/virtual-token/card-kinds';
import { kindWorld, startHttpCa, type HttpCa, type KindWorld, type WorldEvent } from '../unit/unlock/support/kind-world';

const FACTORY_PIN = '123456';
const ISSUER_PUK = '31415926';

let http: HttpCa;
beforeAll(async () => {
  http = await startHttpCa();
});
afterAll(() => http.close());

interface Held {
  readonly command: Exclude<WorldEvent, 'post'>;
  readonly status: JobStatus;
  readonly busy: boolean;
  readonly recordPhase: string | null;
  /** The window's stuck call ran out of time during the card command, and the worker was kept. */
  readonly workerKept: boolean;
}

/** A world whose every PUK command is held until the job's status has been read from the worker. */
async function world(kind: CardKindId) {
  const escrowStore = new MemoryEscrowRecordStore();
  const w: KindWorld = await kindWorld(kind, http, { escrowStore });
  const puk = cardKind(kind).factoryPuk;
  if (puk === null) await (await w.tokens.get(DEMO_TOKEN_ID)).session.changeUnblockCode(w.cardPuk(), ISSUER_PUK);
  const jobs = new JobService(new RenewalService(w.tokens, { store: new MemoryRenewalJournalStore(), send: () => Promise.reject(new Error('no renewal here')) }), w.service);
  // The window's side: one worker (this JobService) behind the resilient driver; any other call never answers and
  // its time limit is 1 ms, so it runs out while the card command is held.
  const worker = { terminated: false };
  const driver = resilientDriver(
    () => ({
      service: asDriver({ startJob: (r: Parameters<JobService['startJob']>[0]) => jobs.startJob(r), jobStatus: (id: string) => jobs.jobStatus(id), getPinStatus: () => new Promise<never>(() => undefined) }),
      crashed: new Promise<never>(() => undefined),
      terminate: () => void (worker.terminated = true),
    }),
    (call) => (call === 'pin.getPinStatus' ? 1 : 60_000),
  );
  const held: Held[] = [];
  let jobId = '';
  w.hold = async (command) => {
    const status = await jobs.jobStatus(jobId);
    const timedOut = await driver.pin.getPinStatus(DEMO_TOKEN_ID).then(() => false, (e: unknown) => e instanceof Error && e.name === 'DriverTimeoutError');
    held.push({ command, status, busy: jobs.busy(), recordPhase: (await escrowStore.get(DEMO_TOKEN_ID))?.phase ?? null, workerKept: timedOut && !worker.terminated });
  };
  const run = async (request: Parameters<JobService['startJob']>[0]) => {
    const ticket = await driver.jobs.startJob(request);
    jobId = ticket.id;
    return watchJob(driver.jobs, ticket.id, (_: JobProgress) => undefined, { pollMs: 1 });
  };
  return { w, held, run, currentPuk: puk === null ? ISSUER_PUK : undefined };
}

const lastStep = (p: JobProgress | null): string | null => (p === null ? null : p.flow === 'escrow' ? p.phase : p.flow === 'unlock' ? p.step : p.flow);

describe.each(CARD_KINDS.map((k) => k.id))('unlock jobs on a %s: never a PUK command in flight without a live job', (kind) => {
  const detour = cardKind(kind).vendorInstructions.has(0xf7) && cardKind(kind).factoryPuk !== null;

  it('registration: the PUK change runs inside the running job, after its step was recorded', async () => {
    const { w, held, run, currentPuk } = await world(kind);
    const result = await run({ kind: 'register-unlock', params: { tokenId: DEMO_TOKEN_ID, pin: FACTORY_PIN, ...(currentPuk ? { currentUnblockCode: currentPuk } : {}) } });
    expect(result.flow === 'unlock' && result.result.status.registered).toBe(true);
    expect(held.map((h) => h.command)).toEqual(['change-puk']);
    for (const h of held) {
      expect(h.busy).toBe(true);
      expect(h.workerKept).toBe(true);
      expect(h.status.state).toBe('running');
      expect(lastStep(h.status.progress)).toBe('changing');
      expect(h.recordPhase).toBe('changing');
    }
    expect(await http.committedPuk(w.keySerial)).toBe(w.cardPuk());
  });

  it('redeem: RESET RETRY COUNTER and the rotation run inside the running job; the rotation ends committed', async () => {
    const { w, held, run, currentPuk } = await world(kind);
    await run({ kind: 'register-unlock', params: { tokenId: DEMO_TOKEN_ID, pin: FACTORY_PIN, ...(currentPuk ? { currentUnblockCode: currentPuk } : {}) } });
    const s = (await w.tokens.get(DEMO_TOKEN_ID)).session;
    for (let i = 0; i < 3; i++) await s.verifyPin('99999999').catch(() => undefined);
    const filed = await w.service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(http.ca, http.repository, filed.request!.requestId);
    held.length = 0;
    const result = await run({ kind: 'redeem-unlock', params: { tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' } });
    expect(result.flow === 'unlock' && result.result.rotationError).toBeNull();
    // Old → factory → new where the card can confirm the factory PUK; old → new where it cannot.
    expect(held.map((h) => [h.command, lastStep(h.status.progress)])).toEqual([
      ['reset-retry-counter', 'unblocking'],
      ...(detour ? [['change-puk', 'resetting'], ['change-puk', 'changing']] : [['change-puk', 'changing']]),
    ]);
    for (const h of held) {
      expect(h.busy).toBe(true);
      expect(h.workerKept).toBe(true);
      expect(h.status.state).toBe('running');
    }
    expect(held.slice(1).map((h) => h.recordPhase)).toEqual(detour ? ['resetting', 'changing'] : ['changing']);
    expect(await http.committedPuk(w.keySerial)).toBe(w.cardPuk());
  });
});
