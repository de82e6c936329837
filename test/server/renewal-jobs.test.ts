/**
 * Renewal as a job through the worker endpoint (comlink over a MessageChannel) and the window's resilient
 * driver, with the demo token against the reference CA on a free port (issue 15 §5): startJob answers with an
 * id while the flow runs on, the window sees the journal's steps in order, the job ends done, and a fresh worker
 * over the same journal answers the same id from what the flow saved (re-attach after a reload).
 */
import { expose, wrap, type Endpoint } from 'comlink';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { postCmpMessage } from '../../src/shared/cmp/client/transfer';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { MemoryRenewalJournalStore, RENEWAL_STEPS } from '../../src/flows/renewal/journal';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import { resilientDriver } from '../../src/ui/driver-client/resilient-driver';
import { runJob } from '../../src/ui/driver-client/job-watch';
import type { RenewalStep } from '../../src/worker/device-service-api';

const dir = mkdtempSync(join(tmpdir(), 'ukey-renewal-jobs-'));
let url = '';
let close: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const repository = await openRepository(dir);
  const http = buildHttpServer({ service: new CmpService({ ca: await loadDemoCa(dir), repository }) });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
  close = async () => {
    await http.close();
    await repository.close();
  };
});

afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

/** One "worker": the app's device service behind comlink, over the given card and journal. */
async function worker(journal: MemoryRenewalJournalStore, usb: VirtualUsb, device: VirtualUsbDevice, caCertificate: Uint8Array) {
  const paired = usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]);
  const service = createDeviceService({
    sources: [],
    loadDemo: async () => paired,
    renewalJournal: journal,
    renewalSend: (to, der, transactionIdHex) => postCmpMessage(to, der, { transactionIdHex }),
  });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  const state = { terminated: false };
  const driver = resilientDriver(() => ({
    service: wrap<DeviceService>(channel.port2 as unknown as Endpoint) as unknown as DeviceService,
    crashed: new Promise<never>(() => undefined),
    terminate: () => {
      state.terminated = true;
      channel.port1.close();
      channel.port2.close();
    },
  }));
  await driver.tokens.startDemoToken();
  return { driver, state, close: () => (channel.port1.close(), channel.port2.close()) };
}

describe('renewal as a job (issue 15 §5)', () => {
  it('answers with an id at once, shows the journal steps in order, ends done; a fresh worker re-attaches by id', async () => {
    installErrorTransfer();
    const { card, caCertificate } = await provisionDemoTokenWithCa();
    const device = new VirtualUsbDevice(card, { serialNumber: 'DEMO-J' });
    const usb = new VirtualUsb();
    usb.plug(device);
    const journal = new MemoryRenewalJournalStore();
    const first = await worker(journal, usb, device, caCertificate);

    const ticket = await first.driver.jobs.startJob({ kind: 'start-renewal', params: { tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN } });
    expect(ticket.id).toMatch(/^renewal:/);
    expect((await first.driver.jobs.jobStatus(ticket.id)).state).toBe('running'); // the call returned; the flow goes on

    const steps: RenewalStep[] = [];
    const joined = await runJob(
      first.driver.jobs,
      { kind: 'resume-renewal', params: { id: ticket.id.slice('renewal:'.length), pin: FACTORY_DEFAULTS.PIN } },
      (p) => {
        if (p.flow === 'renewal' && steps.at(-1) !== p.status.step) steps.push(p.status.step);
      },
      { pollMs: 10 },
    );
    expect(joined.flow === 'renewal' && joined.status.step).toBe('done');
    // Steps arrive in the journal's order (a joined run sees the steps from where it joined).
    const order = steps.map((s) => RENEWAL_STEPS.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe('done');
    expect(first.state.terminated).toBe(false);
    const done = await first.driver.jobs.jobStatus(ticket.id);
    expect(done.state).toBe('done');
    // The flow reported each durable step, not just its end. Counted by the worker, so no poll timing is
    // involved (a loaded machine may let a 10 ms poll see only the last step).
    expect(done.progressCount).toBeGreaterThan(1);
    first.close();

    // The window is reloaded: a new worker, the same durable journal. The id still says how the renewal ended.
    const second = await worker(journal, usb, device, caCertificate);
    const attached = await second.driver.jobs.jobStatus(ticket.id);
    expect(attached.state).toBe('done');
    expect(attached.result?.flow === 'renewal' && attached.result.status.step).toBe('done');
    expect((await second.driver.jobs.jobStatus('renewal:no-such-renewal')).state).toBe('unknown');
    second.close();
  });
});
