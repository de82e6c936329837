/**
 * A renewal that failed after the CA certified its key (`keyKept`, issue 15 §2) is finished, not planned anew
 * (reviewer's finding on the renewal screen): the CA's refusal of the certConf leaves the new key and certificate
 * on the UKEY; the screen's 继续 (resume-renewal) confirms that certificate again and never generates a key.
 * On every card kind, through the worker's RenewalService and the reference CA (in process). The refusal is a
 * real, verified CA answer: the first certConf goes to a second instance of the demo CA (same CMP signer) that
 * has never seen the transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
import { DemoSource, DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { DeviceSourceRegistry } from '../../src/sources/device-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { PIV_PROFILE } from '../../src/cards/piv/profile';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { CARD_KINDS, type CardKindId } from '../../src/virtual/virtual-token/card-kinds';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { OpenTokens } from '../../src/worker/open-tokens';
import { RenewalService } from '../../src/worker/renewal-service';
import { InProcessLocks } from '../../src/worker/token-locks';

const PIN = '123456';
const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const dirs: string[] = [];
const repositories: CaRepository[] = [];

async function ca() {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-renewal-kept-'));
  dirs.push(dir);
  const repository = await openRepository(dir);
  repositories.push(repository);
  return { service: new CmpService({ ca: await loadDemoCa(dir), repository }), repository };
}

afterAll(async () => {
  for (const r of repositories) await r.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function world(kind: CardKindId) {
  // Each world its own CA: every kind's demo card renews a certificate of the same serial.
  const real = await ca();
  const stranger = await ca();
  const { card, caCertificate } = await provisionDemoTokenWithCa(new Date(), kind);
  let generations = 0;
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    if (apdu[1] === 0x47) generations++; // GENERATE ASYMMETRIC KEY PAIR (SP 800-73-4 Part 2 §3.3.2)
    return transmit(apdu);
  };
  const device = new VirtualUsbDevice(card, { serialNumber: `KEPT-${kind}` });
  const usb = new VirtualUsb();
  usb.plug(device);
  const demo = new DemoSource(async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]));
  await demo.start();
  const tokens = new OpenTokens(new DeviceSourceRegistry([demo]), [PIV_PROFILE]);
  let sends = 0;
  const service = new RenewalService(tokens, {
    store: new MemoryRenewalJournalStore(),
    locks: new InProcessLocks(),
    demoAdminKeyHex: FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX,
    // The first message is the kur; the second, the certConf, reaches a CA that never saw the transaction.
    send: async (_url, der) => ({ kind: 'response', der: await (++sends === 2 ? stranger : real).service.handle(der) }),
  });
  return { service, card, real, generations: () => generations };
}

describe.each(CARD_KINDS.map((k) => k.id))('a renewal the CA certified but did not confirm, on a %s', (kind) => {
  it('is failed with the key kept; resuming confirms the same certificate and generates no key', async () => {
    const w = await world(kind);
    const failed = await w.service.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: 'in-process', pin: PIN });
    expect(failed.step).toBe('failed');
    expect(failed.keyKept).toBe(true);
    expect(failed.newCertificate).not.toBeNull();
    expect(w.generations()).toBe(1);

    const done = await w.service.resumeRenewal({ id: failed.id, pin: PIN });
    expect(done.step).toBe('done');
    expect(done.keyKept).toBe(false);
    expect(done.newCertificate).toEqual(failed.newCertificate);
    expect(w.generations()).toBe(1);
    // The CA holds that certificate confirmed: one certificate for the one new key.
    const record = (await w.real.repository.listCertificates()).find((c) => bytesEqual(c.der, done.newCertificate!));
    expect(record?.status).toBe('confirmed');
  });
});
