/**
 * Review defect 7 through the worker's UnlockService, the demo token (virtual PIV card over virtual USB CCID)
 * and the reference CA on a free port over real HTTP: after an online unlock, a PUK rotation that fails is told
 * to the user (`rotationError`), never swallowed, and a CA that fails mid-rotation never leaves the card at the
 * factory PUK — the CA is asked before the card changes. Registration as a job (issue 15 §5): phases in order,
 * and a CA that never answers ends the job through the request's own time limit (review defect 11).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveUnlock } from '../../src/servers/ca-server/unlock/approve';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import type { CaMaterial } from '../../src/servers/ca-server/ca-material';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
import { DemoSource, DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { DeviceSourceRegistry } from '../../src/sources/device-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { PIV_PROFILE } from '../../src/cards/piv/profile';
import { deserializeError } from '../../src/shared/errors/error-registry';
import { UnlockTransferError } from '../../src/flows/unlock/errors';
import { MemoryEscrowRecordStore, MemoryUnlockRequestStore } from '../../src/flows/unlock/escrow-record';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { watchCardPuk } from '../support/card-puk';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { OpenTokens } from '../../src/worker/open-tokens';
import { UnlockService } from '../../src/worker/unlock-service';
import { JobService } from '../../src/worker/jobs-service';
import { RenewalService } from '../../src/worker/renewal-service';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import { watchJob } from '../../src/ui/driver-client/job-watch';
import type { JobProgress } from '../../src/worker/jobs-api';

const dir = mkdtempSync(join(tmpdir(), 'ukey-unlock-rotation-'));
let url = '';
let ca: CaMaterial;
let repository: CaRepository;
let closeCa: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  ca = await loadDemoCa(join(dir, 'ca'));
  repository = await openRepository(join(dir, 'ca'));
  const http = buildHttpServer({ service: new CmpService({ ca, repository }) });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
  closeCa = async () => {
    await http.close();
    await repository.close();
  };
});

afterAll(async () => {
  await closeCa();
  rmSync(dir, { recursive: true, force: true });
});

let serialCounter = 0x05100000;

/** A demo token with its own serial; `fetch` counts the CA POSTs and fails the ones `failing` names. */
async function world(failing: (n: number) => boolean, stall = false) {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  const fresh = PivCard.fromJSON({ ...card.toJSON(), serial: ++serialCounter });
  const device = new VirtualUsbDevice(fresh, { serialNumber: 'DEMO-R' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const demo = new DemoSource(async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]));
  await demo.start();
  const tokens = new OpenTokens(new DeviceSourceRegistry([demo]), [PIV_PROFILE]);
  const counter = { posts: 0, armed: false };
  const flaky: typeof fetch = async (input, init) => {
    if (counter.armed && failing(++counter.posts)) {
      if (!stall) throw new TypeError('network down');
      // A CA that takes the request and never answers: only the request's own AbortSignal ends it.
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }
    return fetch(input, init);
  };
  const service = new UnlockService(tokens, {
    caUrl: url,
    caCertificate: ca.caCertificate,
    caCmpCertificate: ca.cmpCertificate,
    escrowStore: new MemoryEscrowRecordStore(),
    requestStore: new MemoryUnlockRequestStore(),
    fetch: flaky,
    requestTimeoutMs: 200,
  });
  const cardPuk = watchCardPuk(fresh);
  return { tokens, service, counter, cardPuk, jobs: new JobService(new RenewalService(tokens, { store: new MemoryRenewalJournalStore(), send: () => Promise.reject(new Error('no renewal here')) }), service) };
}

async function blockPin(tokens: OpenTokens): Promise<void> {
  const { session } = await tokens.get(DEMO_TOKEN_ID);
  for (let i = 0; i < FACTORY_DEFAULTS.PIN_RETRIES; i++) await session.verifyPin('99999999').catch(() => undefined);
}

describe('UnlockService: the PUK rotation after an unlock (review defect 7)', () => {
  // POSTs of a redeem: 1 the code → released PUK; rotation: 2 escrow key query, 3 pending escrow, 4 commit.
  it.each([2, 3])('CA POST %i of the rotation fails → the unlock stands, the failure is returned, the card keeps the released PUK', async (failAt) => {
    const w = await world((n) => n === failAt);
    await w.service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    const escrowed = w.cardPuk();
    await blockPin(w.tokens);
    const filed = await w.service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(ca, repository, filed.request!.requestId);
    w.counter.armed = true;
    const result = await w.service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' });
    expect(result.status.pinBlocked).toBe(false);
    // Nothing changed on the card: the CA's committed escrow (the PUK it released) still matches it.
    expect(result.status.registered).toBe(true);
    // Told, not swallowed: the cause arrives as a typed error the screen can explain.
    expect(result.rotationError).not.toBeNull();
    expect(deserializeError(result.rotationError!)).toBeInstanceOf(UnlockTransferError);
    // The CA failed before any card command of the rotation: the card still holds the PUK the CA released.
    expect(w.cardPuk()).toBe(escrowed);
    expect(w.cardPuk()).not.toBe(FACTORY_DEFAULTS.PUK);
  });

  it('a rotation that completes reports no error', async () => {
    const w = await world(() => false);
    await w.service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    await blockPin(w.tokens);
    const filed = await w.service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(ca, repository, filed.request!.requestId);
    const result = await w.service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' });
    expect(result.status.registered).toBe(true);
    expect(result.rotationError).toBeNull();
  });
});

describe('online unlock as a job (issue 15 §5)', () => {
  it('registration runs as a job: the escrow phases arrive in order, CA first, and it ends committed', async () => {
    const w = await world(() => false);
    const ticket = await w.jobs.startJob({ kind: 'register-unlock', params: { tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN } });
    const phases: string[] = [];
    const result = await watchJob(w.jobs, ticket.id, (p: JobProgress) => void (p.flow === 'escrow' && phases.push(p.phase)), { pollMs: 1 });
    expect(result.flow === 'unlock' && result.result.status.registered).toBe(true);
    // Every durable phase is reported; a 1 ms poll may still merge two, so only the order is checked.
    expect(phases[0]).toBe('at-factory');
    expect(phases.at(-1)).toBe('committed');
    const order = ['at-factory', 'pending', 'changing', 'changed', 'committed'];
    expect(phases.map((p) => order.indexOf(p))).toEqual([...phases.map((p) => order.indexOf(p))].sort((a, b) => a - b));
  });

  it('a CA that stops answering mid-registration ends the job with a retryable transfer error, the card untouched', async () => {
    const w = await world((n) => n === 2, true); // 1 escrow key query answered, 2 the pending store: no answer
    w.counter.armed = true;
    const ticket = await w.jobs.startJob({ kind: 'register-unlock', params: { tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN } });
    await expect(watchJob(w.jobs, ticket.id, () => undefined, { pollMs: 5 })).rejects.toMatchObject({ name: 'UnlockTransferError', retryable: true });
    expect(w.cardPuk()).toBe(FACTORY_DEFAULTS.PUK); // the CA was asked first: nothing changed on the card
  });
});
