/**
 * Issue 15 "Done when": a whole renewal of the 9A certificate per card kind (card-kinds.ts) — APDUs counted by
 * the card, CA round trips counted by the reference CA on a free port, wall time — through the worker's
 * RenewalService as the app runs it (new key in a retired slot, kur, certificate written, test signature,
 * certConf, MOVE KEY where the card has it). Printed beside the APDUs a plain read of the token takes.
 * Target ≤ 25 APDUs (47 before issue 15). Never asserted. `UKEY_BENCH_TRACE=1` prints each renewal's commands.
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
import { CARD_KINDS } from '../src/virtual/virtual-token/card-kinds';
import { provisionDemoTokenWithCa } from '../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../src/worker/device-service';

/** Command names for the trace (SP 800-73-4 Part 2 §3, Yubico extensions, ISO 7816-4 GET RESPONSE). */
const NAMES: Readonly<Record<number, string>> = {
  0xa4: 'SELECT', 0xcb: 'GET DATA', 0xdb: 'PUT DATA', 0x20: 'VERIFY', 0x87: 'GENERAL AUTH', 0x47: 'GENERATE',
  0xc0: 'GET RESPONSE', 0xf6: 'MOVE KEY', 0xf7: 'GET METADATA', 0xf8: 'GET SERIAL', 0xfd: 'GET VERSION',
};

function describeApdu(apdu: Uint8Array): string {
  const name = NAMES[apdu[1]!] ?? `INS ${apdu[1]!.toString(16)}`;
  const chained = (apdu[0]! & 0x10) !== 0 ? ' (chained part)' : '';
  return `${name} ${apdu[2]!.toString(16).padStart(2, '0')}${apdu[3]!.toString(16).padStart(2, '0')}${chained}`;
}

const bench: BenchModule = {
  title: 'Whole renewal of the 9A certificate per card kind: APDUs, CA round trips, time (target ≤ 25 APDUs)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-bench-renewal-'));
    const repository = await openRepository(dir);
    const http = buildHttpServer({ service: new CmpService({ ca: await loadDemoCa(dir), repository, now: () => new Date() }) });
    let requests = 0;
    http.addHook('onRequest', async () => {
      requests++;
    });
    await http.listen({ port: 0, host: '127.0.0.1' });
    const rows: Array<Record<string, string | number>> = [];
    try {
      const address = http.server.address();
      const caUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
      for (const kind of CARD_KINDS) {
        const { card } = await provisionDemoTokenWithCa(new Date(), kind.id);
        const trace: string[] = [];
        const transmit = card.transmit.bind(card);
        card.transmit = (apdu: Uint8Array) => (trace.push(describeApdu(apdu)), transmit(apdu));
        const device = new VirtualUsbDevice(card, { serialNumber: `BENCH-${kind.id}` });
        const usb = new VirtualUsb();
        usb.plug(device);
        const service = createDeviceService({
          sources: [],
          loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true)),
          renewalJournal: new MemoryRenewalJournalStore(),
          // No service worker in Node: CA round trips go directly (the app's only transfer is the outbox).
          renewalSend: (url, der, transactionIdHex) => postCmpMessage(url, der, { transactionIdHex }),
        });
        await service.tokens.startDemoToken();
        const readStart = card.apduCount;
        await service.tokens.readCertificates(DEMO_TOKEN_ID);
        await service.pin.getPinStatus(DEMO_TOKEN_ID);
        const read = card.apduCount - readStart;
        const start = card.apduCount;
        const traceStart = trace.length;
        const requestsBefore = requests;
        const started = performance.now();
        const status = await service.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl, pin: FACTORY_DEFAULTS.PIN });
        const ms = performance.now() - started;
        if (process.env.UKEY_BENCH_TRACE) process.stdout.write(`\n${kind.id}:\n  ${trace.slice(traceStart).join('\n  ')}\n`);
        rows.push({
          'card kind': kind.id,
          'APDUs (renewal)': `${card.apduCount - start} (${status.step})`,
          'CA round trips': requests - requestsBefore,
          'time, ms': Math.round(ms),
          'APDUs to open + read + PIN tries (scale)': read,
        });
      }
      return rows;
    } finally {
      await http.close();
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
