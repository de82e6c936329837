/**
 * Issue 10 §7: APDUs and CA round trips one whole renewal of the demo 9A certificate costs (new key in a retired
 * slot, kur, certificate written and read back, test signature, certConf, MOVE KEY), against the reference CA on a
 * free port, counted by the card; printed beside the APDUs a plain read of the token takes. Never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchModule } from './run';
import { buildHttpServer } from '../src/servers/ca-server/http-server';
import { CmpService } from '../src/servers/ca-server/cmp-service';
import { postCmpMessage } from '../src/shared/cmp/client/transfer';
import { loadDemoCa } from '../src/servers/ca-server/demo-material';
import { openRepository } from '../src/servers/ca-server/open-repository';
import { DEMO_TOKEN_ID } from '../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../src/cards/piv/constants';
import { MemoryRenewalJournalStore } from '../src/flows/renewal/journal';
import { provisionDemoTokenWithCa } from '../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../src/worker/device-service';

const bench: BenchModule = {
  title: 'Renewal of the demo 9A certificate: APDUs and CA round trips, one run',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-bench-renewal-'));
    const repository = await openRepository(dir);
    const http = buildHttpServer({ service: new CmpService({ ca: await loadDemoCa(dir), repository, now: () => new Date() }) });
    let requests = 0;
    http.addHook('onRequest', async () => {
      requests++;
    });
    await http.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = http.server.address();
      const caUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
      const { card } = await provisionDemoTokenWithCa();
      const device = new VirtualUsbDevice(card, { serialNumber: 'BENCH-R' });
      const usb = new VirtualUsb();
      usb.plug(device);
      const service = createDeviceService({
        sources: [],
        loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true)),
        renewalJournal: new MemoryRenewalJournalStore(),
        // No service worker in Node: CA round trips go directly (the app's only transfer is the outbox).
        renewalSend: (url, der, transactionIdHex) => postCmpMessage(url, der, { transactionIdHex }),
      });
      await service.startDemoToken();
      const readStart = card.apduCount;
      await service.readCertificates(DEMO_TOKEN_ID);
      await service.getPinStatus(DEMO_TOKEN_ID);
      const read = card.apduCount - readStart;
      const start = card.apduCount;
      const started = performance.now();
      const status = await service.startRenewal({ tokenId: DEMO_TOKEN_ID, slot: 0x9a, caUrl, pin: FACTORY_DEFAULTS.PIN });
      const ms = performance.now() - started;
      return [
        { measure: 'APDUs for a whole renewal (ends at step)', value: `${card.apduCount - start} (${status.step})` },
        { measure: 'CA HTTP requests (kur, certConf)', value: requests },
        { measure: 'wall time of the renewal, ms', value: Math.round(ms) },
        { measure: 'for scale: APDUs to open + read the token + PIN tries', value: read },
      ];
    } finally {
      await http.close();
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
