/**
 * The worker's UnlockService with the demo token (virtual PIV card over virtual USB CCID) against the reference
 * CA (`serve --demo` material) on a free port over real HTTP (issue 10 §4, §6): register online unlock → block
 * the PIN → file a request → the operator approves → the code and a new PIN unlock the card → the PIN signs →
 * the PUK was rotated and escrowed again. Wrong, expired and reused codes. A run killed before or after each
 * record write, CA exchange and the PUK change resumes to the CA's committed PUK being the card's PUK.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expose, wrap, type Endpoint } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveUnlock } from '../../src/servers/ca-server/unlock/approve';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import type { CaMaterial } from '../../src/servers/ca-server/ca-material';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
import { open } from '../../src/shared/cmp/unlock/sealed-box';
import { DemoSource, DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { DeviceSourceRegistry } from '../../src/sources/device-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { PIV_PROFILE } from '../../src/cards/piv/profile';
import { EscrowedUnblockCodeRejectedError, UnlockCodeRejectedError, UnlockStateError } from '../../src/flows/unlock/errors';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import type { UnlockApi } from '../../src/worker/unlock-api';
import { MemoryEscrowRecordStore, MemoryUnlockRequestStore, type EscrowRecord } from '../../src/flows/unlock/escrow-record';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { run } from '../unit/cmp/support/ca-fixture';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { watchCardPuk } from '../support/card-puk';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { OpenTokens } from '../../src/worker/open-tokens';
import { UnlockService, type UnlockServiceOptions } from '../../src/worker/unlock-service';

const dir = mkdtempSync(join(tmpdir(), 'ukey-unlock-server-'));
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

interface World {
  readonly card: PivCard;
  readonly tokens: OpenTokens;
  readonly keySerial: string;
  readonly service: (extra?: Partial<UnlockServiceOptions>) => UnlockService;
  readonly escrowStore: MemoryEscrowRecordStore;
  readonly usb: VirtualUsb;
  readonly device: VirtualUsbDevice;
}

let serialCounter = 0x03000000;

async function world(): Promise<World> {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  // Each world its own card serial, so the CA's escrows of one test never stand for another's.
  const state = { ...card.toJSON(), serial: ++serialCounter };
  const fresh = (await import('../../src/virtual/virtual-token/piv-card')).PivCard.fromJSON(state);
  pukWatchers.set(fresh, watchCardPuk(fresh));
  const device = new VirtualUsbDevice(fresh, { serialNumber: 'DEMO-U' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const demo = new DemoSource(async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]));
  await demo.start();
  const tokens = new OpenTokens(new DeviceSourceRegistry([demo]), [PIV_PROFILE]);
  const info = (await tokens.get(DEMO_TOKEN_ID)).info;
  const escrowStore = new MemoryEscrowRecordStore();
  const requestStore = new MemoryUnlockRequestStore();
  const service = (extra: Partial<UnlockServiceOptions> = {}): UnlockService =>
    new UnlockService(tokens, { caUrl: url, caCertificate: ca.caCertificate, caCmpCertificate: ca.cmpCertificate, escrowStore, requestStore, ...extra });
  return { card: fresh, tokens, keySerial: info.serialNumber ?? info.cardIdentifier ?? '', service, escrowStore, usb, device };
}

const pukWatchers = new WeakMap<PivCard, () => string>();
/** The card's PUK, as the test saw it set and the card's verifier confirms (test/support/card-puk.ts). */
const cardPuk = (card: PivCard): string => pukWatchers.get(card)!();

async function committedPuk(keySerial: string): Promise<string | null> {
  const escrow = await repository.findCommittedEscrow(keySerial);
  return escrow ? new TextDecoder().decode(await open(ca.escrowPrivateKey, escrow.sealedPuk, keySerial, 'escrow')) : null;
}

async function blockPin(w: World): Promise<void> {
  const { session } = await w.tokens.get(DEMO_TOKEN_ID);
  for (let i = 0; i < FACTORY_DEFAULTS.PIN_RETRIES; i++) await session.verifyPin('99999999').catch(() => undefined);
  expect((await session.pinStatus()).pin.blocked).toBe(true);
}

async function pinSigns(w: World, pin: string): Promise<boolean> {
  const { session } = await w.tokens.get(DEMO_TOKEN_ID);
  return (await session.signWithPin(0x9a, new TextEncoder().encode('解锁后签名'), pin)).length > 0;
}

describe('UnlockService against the reference CA (demo)', () => {
  it('registers, unlocks a blocked PIN with the operator code, and rotates the PUK through the escrow', async () => {
    const w = await world();
    const service = w.service();
    const registered = await service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    expect(registered.status.registered).toBe(true);
    expect(registered.newUnblockCode).toBeNull(); // not asked for: only the CA knows it
    const firstPuk = cardPuk(w.card);
    expect(firstPuk).toMatch(/^\d{8}$/);
    expect(firstPuk).not.toBe(FACTORY_DEFAULTS.PUK);
    expect(await committedPuk(w.keySerial)).toBe(firstPuk);

    await blockPin(w);
    const filed = await service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    expect(filed.request?.requestId).toBeTruthy();
    expect(filed.pinBlocked).toBe(true);
    const approval = await approveUnlock(ca, repository, filed.request!.requestId);
    const result = await service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357', revealNewUnblockCode: true });
    expect(await pinSigns(w, '24681357')).toBe(true);
    expect(result.status.pinBlocked).toBe(false);
    expect(result.status.registered).toBe(true);
    expect(result.status.request).toBeNull();
    const rotated = cardPuk(w.card);
    expect(rotated).not.toBe(firstPuk);
    expect(result.newUnblockCode).toBe(rotated); // shown because the user asked
    expect(await committedPuk(w.keySerial)).toBe(rotated);
  });

  it('reports wrong codes with attempts left, refuses a reused code, and an expired one', async () => {
    const w = await world();
    const service = w.service();
    await service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    const puk = cardPuk(w.card);
    await blockPin(w);
    const filed = await service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(ca, repository, filed.request!.requestId, { attempts: 3 });
    const wrongCode = approval!.code.replace(/^./, (d) => String((Number(d) + 1) % 10));
    const wrong = await service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: wrongCode, newPin: '24681357' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(UnlockCodeRejectedError);
    expect((wrong as UnlockCodeRejectedError).reason).toBe('wrong');
    expect((wrong as UnlockCodeRejectedError).attemptsLeft).toBe(2);
    expect(cardPuk(w.card)).toBe(puk); // nothing reached the card
    // The request is kept after a wrong code; the right one then works.
    await service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' });
    expect(await pinSigns(w, '24681357')).toBe(true);
    // Reused: the app has no request any more; replayed against the CA through a fresh request record it is refused.
    await expect(service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '11223344' })).rejects.toMatchObject({ problem: 'unknown-request' });
    const replay = new MemoryUnlockRequestStore();
    await replay.put(DEMO_TOKEN_ID, { keySerial: w.keySerial, requestId: filed.request!.requestId, filedAt: 0 });
    const reused = await w.service({ requestStore: replay }).redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '11223344' }).catch((e: unknown) => e);
    expect((reused as UnlockCodeRejectedError).reason).toBe('used-up');

    const second = await service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const expired = await approveUnlock(ca, repository, second.request!.requestId, { now: new Date(Date.now() - 3600_000), ttlSeconds: 60 });
    const late = await service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: expired!.code, newPin: '11223344' }).catch((e: unknown) => e);
    expect((late as UnlockCodeRejectedError).reason).toBe('expired');
    expect(await pinSigns(w, '24681357')).toBe(true);
  });

  it('registering again without the current PUK is refused before any PUK try (the card says it is not the factory one)', async () => {
    const w = await world();
    const service = w.service();
    await service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    const puk = cardPuk(w.card);
    await expect(service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN })).rejects.toMatchObject({ problem: 'unblock-code-needed' });
    expect(w.card.toJSON().pukRetriesLeft).toBe(FACTORY_DEFAULTS.PUK_RETRIES);
    // With the PUK the user was shown (or had), it re-registers: the old PUK → factory → a new escrowed one.
    const again = await service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN, currentUnblockCode: puk });
    expect(again.status.registered).toBe(true);
    expect(cardPuk(w.card)).not.toBe(puk);
    expect(await committedPuk(w.keySerial)).toBe(cardPuk(w.card));
  });

  it('the operator approves with the CLI (`ca approve-unlock --demo`), the code from its output unlocks', async () => {
    const w = await world();
    const service = w.service();
    await service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    await blockPin(w);
    const filed = await service.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '王五', phone: '13700000000' });
    const cli = ['--import', 'tsx', 'src/servers/ca-server/cli.ts'];
    const listed = await run(process.execPath, [...cli, 'unlock-requests', '--dir', join(dir, 'ca'), '--demo']);
    expect(listed.output).toContain(`${filed.request!.requestId}\tfiled`);
    const approved = await run(process.execPath, [...cli, 'approve-unlock', '--dir', join(dir, 'ca'), '--demo', '--request', filed.request!.requestId]);
    const code = /unlock code: (\d{16})\n/.exec(approved.output)?.[1]; // 16 digits (issue 14 §2)
    expect(code, approved.output).toMatch(/^\d{16}$/);
    const result = await service.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: code!, newPin: '13572468' });
    expect(result.status.registered).toBe(true);
    expect(await pinSigns(w, '13572468')).toBe(true);
    expect(await committedPuk(w.keySerial)).toBe(cardPuk(w.card));
  });

  it('a resume without a registration says so', async () => {
    const w = await world();
    await expect(w.service().resumeEscrow({ tokenId: DEMO_TOKEN_ID })).rejects.toBeInstanceOf(UnlockStateError);
  });
});

describe('UnlockService: the key pulled out right after the card changed its PUK', () => {
  it('the run fails typed; plugged back in, resume (no PIN needed) commits what the card now holds', async () => {
    const w = await world();
    const transmit = w.card.transmit.bind(w.card);
    let armed = true;
    w.card.transmit = async (apdu: Uint8Array) => {
      const reply = await transmit(apdu);
      if (armed && apdu[1] === 0x24 && apdu[3] === 0x81) {
        armed = false;
        w.usb.unplug(w.device); // the card acted; its answer never reaches the app
      }
      return reply;
    };
    const service = w.service();
    const first = await service.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    const phase = (await w.escrowStore.get(DEMO_TOKEN_ID))?.phase;
    w.usb.plug(w.device);
    expect((first as Error).name).toBe('DeviceDisconnectedError');
    expect(phase).toBe('changing');
    const status = await service.resumeEscrow({ tokenId: DEMO_TOKEN_ID });
    expect(status.registered).toBe(true);
    expect(cardPuk(w.card)).not.toBe(FACTORY_DEFAULTS.PUK);
    expect(await committedPuk(w.keySerial)).toBe(cardPuk(w.card));
    expect(w.card.toJSON().pukRetriesLeft).toBe(FACTORY_DEFAULTS.PUK_RETRIES);
  });
});

describe('UnlockService behind the worker hop (comlink)', () => {
  it('a wrong code arrives as UnlockCodeRejectedError with attempts left; a PUK the card refuses is sent once only', async () => {
    installErrorTransfer();
    const w = await world();
    const channel = new MessageChannel();
    const service = w.service();
    expose(service, channel.port1 as unknown as Endpoint);
    const remote = wrap<UnlockApi>(channel.port2 as unknown as Endpoint);
    try {
      await remote.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
      // The PUK changed behind the app's back (another tool): the CA's escrow is now out of step with the card.
      const { session } = await w.tokens.get(DEMO_TOKEN_ID);
      await session.changeUnblockCode(cardPuk(w.card), '87654321');
      await blockPin(w);
      const filed = await remote.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '李四', phone: '13900000000' });
      const approval = await approveUnlock(ca, repository, filed.request!.requestId, { attempts: 2 });
      const wrong = await remote.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code.replace(/^./, (d) => String((Number(d) + 1) % 10)), newPin: '24681357' }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(UnlockCodeRejectedError);
      expect((wrong as UnlockCodeRejectedError).attemptsLeft).toBe(1);
      let resets = 0;
      const transmit = w.card.transmit.bind(w.card);
      w.card.transmit = (apdu: Uint8Array) => {
        if (apdu[1] === 0x2c) resets++; // RESET RETRY COUNTER
        return transmit(apdu);
      };
      const refused = await remote.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(EscrowedUnblockCodeRejectedError);
      expect((refused as EscrowedUnblockCodeRejectedError).unblockCodeTriesLeft).toBe(FACTORY_DEFAULTS.PUK_RETRIES - 1);
      expect(resets).toBe(1);
      expect(cardPuk(w.card)).toBe('87654321');
      expect((await remote.unlockStatus(DEMO_TOKEN_ID)).unblockCodeTriesLeft).toBe(FACTORY_DEFAULTS.PUK_RETRIES - 1);
    } finally {
      channel.port1.close();
      channel.port2.close();
    }
  });
});

/** Kill points: the n-th record write or CA exchange, before or after it took effect, and the PUK change APDU. */
type Kill = { readonly at: 'put' | 'fetch' | 'change-puk'; readonly n: number; readonly after: boolean };

class Killed extends Error {}

function killing(w: World, kill: Kill): Partial<UnlockServiceOptions> {
  let puts = 0;
  let fetches = 0;
  const store = {
    get: (id: string) => w.escrowStore.get(id),
    put: async (r: EscrowRecord) => {
      const here = ++puts === kill.n && kill.at === 'put';
      if (here && !kill.after) throw new Killed();
      await w.escrowStore.put(r);
      if (here) throw new Killed();
    },
  };
  const fetchKilled: typeof fetch = async (input, init) => {
    const here = ++fetches === kill.n && kill.at === 'fetch';
    if (here && !kill.after) throw new Killed();
    const response = await fetch(input, init);
    if (here) {
      await response.arrayBuffer();
      throw new Killed();
    }
    return response;
  };
  return { escrowStore: store, fetch: fetchKilled };
}

describe('UnlockService: killed at every step, resumed', () => {
  const kills: Kill[] = [];
  for (const after of [false, true]) {
    for (let n = 1; n <= 5; n++) kills.push({ at: 'put', n, after });
    for (let n = 1; n <= 3; n++) kills.push({ at: 'fetch', n, after });
    kills.push({ at: 'change-puk', n: 1, after });
  }

  it.each(kills)('kill at %o → resume ends with the CA committed PUK = the card PUK', async (kill) => {
    const w = await world();
    if (kill.at === 'change-puk') {
      const transmit = w.card.transmit.bind(w.card);
      let armed = true;
      w.card.transmit = async (apdu: Uint8Array) => {
        // CHANGE REFERENCE DATA of the PUK (INS 24, P2 81): the card acts or not, the app never hears back.
        if (armed && apdu[1] === 0x24 && apdu[3] === 0x81) {
          armed = false;
          if (kill.after) await transmit(apdu);
          throw new Killed();
        }
        return transmit(apdu);
      };
    }
    // The kill surfaces as whatever the layer makes of it (a transfer error, a reader error); the resume decides.
    const first = await w.service(killing(w, kill)).registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Error);
    await w.tokens.close(DEMO_TOKEN_ID); // the worker died: the next run opens the token afresh
    const restarted = w.service();
    const record = await w.escrowStore.get(DEMO_TOKEN_ID);
    // No record (killed before the first write): the user presses 登记 again. Otherwise resume (PIN given: a
    // new escrow may be needed); a record already committed needs nothing.
    const status = record
      ? await restarted.resumeEscrow({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN })
      : (await restarted.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN })).status;
    expect(status.registered).toBe(true);
    expect(cardPuk(w.card)).not.toBe(FACTORY_DEFAULTS.PUK);
    expect(await committedPuk(w.keySerial)).toBe(cardPuk(w.card));
    expect(w.card.toJSON().pukRetriesLeft).toBe(FACTORY_DEFAULTS.PUK_RETRIES); // no PUK was ever tried to see
  });
});

describe('UnlockService: killed during the PUK rotation after an unlock', () => {
  it.each([1, 2, 3, 4, 5, 6])('killed after record write %i of the rotation → the PIN works, resume with the new PIN re-escrows', async (n) => {
    const w = await world();
    await w.service().registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN });
    await blockPin(w);
    const requests = new MemoryUnlockRequestStore();
    const dying = w.service({ ...killing(w, { at: 'put', n, after: true }), requestStore: requests });
    const filed = await dying.fileUnlockRequest({ tokenId: DEMO_TOKEN_ID, name: '张三', phone: '13800000000' });
    const approval = await approveUnlock(ca, repository, filed.request!.requestId);
    const result = await dying.redeemUnlockCode({ tokenId: DEMO_TOKEN_ID, code: approval!.code, newPin: '24681357' });
    expect(result.status.pinBlocked).toBe(false);
    // The rotation writes 5 records (pending, resetting, changing, changed, committed: the CA first, review
    // defect 7). Killed after the last (or never), it is done; otherwise the screen says it did not finish.
    expect(result.status.registered).toBe(n >= 5);
    expect(await pinSigns(w, '24681357')).toBe(true);
    await w.tokens.close(DEMO_TOKEN_ID);
    const status = await w.service().resumeEscrow({ tokenId: DEMO_TOKEN_ID, pin: '24681357' });
    expect(status.registered).toBe(true);
    expect(await committedPuk(w.keySerial)).toBe(cardPuk(w.card));
    expect(cardPuk(w.card)).not.toBe(FACTORY_DEFAULTS.PUK);
  });
});
