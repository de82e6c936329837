/**
 * An unlock world per card kind (issue 15 §1): the demo token provisioned as one of the emulator's card kinds
 * (src/virtual/virtual-token/card-kinds.ts) behind virtual USB CCID and the PIV profile, the worker's
 * UnlockService, and the reference CA (`serve --demo` material, SQLite) on a free port over real HTTP.
 * Each world gets its own card serial and CHUID, so no two worlds share a key serial at the CA.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHttpServer } from '../../../../src/servers/ca-server/http-server';
import { CmpService } from '../../../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../../../src/servers/ca-server/demo-material';
import { openRepository } from '../../../../src/servers/ca-server/open-repository';
import type { CaMaterial } from '../../../../src/servers/ca-server/ca-material';
import type { CaRepository } from '../../../../src/servers/ca-server/storage/repository';
import { open } from '../../../../src/shared/cmp/unlock/sealed-box';
import { DemoSource, DEMO_TOKEN_ID } from '../../../../src/sources/demo-source';
import { DeviceSourceRegistry } from '../../../../src/sources/device-source';
import { describeUsbDevice, usbSourceDevice } from '../../../../src/sources/webusb-ccid-source';
import { PIV_PROFILE } from '../../../../src/cards/piv/profile';
import { MemoryEscrowRecordStore, MemoryUnlockRequestStore } from '../../../../src/flows/unlock/escrow-record';
import { provisionDemoTokenWithCa } from '../../../../src/virtual/virtual-token/demo';
import { defaultObjects } from '../../../../src/virtual/virtual-token/data-objects';
import { ObjectId } from '../../../../src/virtual/virtual-token/piv-tables';
import { PivCard } from '../../../../src/virtual/virtual-token/piv-card';
import type { CardKindId } from '../../../../src/virtual/virtual-token/card-kinds';
import type { CardStateJson } from '../../../../src/virtual/virtual-token/card-state';
import { VirtualUsb } from '../../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../../src/virtual/virtual-token/virtual-usb-device';
import { OpenTokens } from '../../../../src/worker/open-tokens';
import { UnlockService, type UnlockServiceOptions } from '../../../../src/worker/unlock-service';
import { watchCardPuk } from '../../../support/card-puk';

export interface HttpCa {
  readonly url: string;
  readonly ca: CaMaterial;
  readonly repository: CaRepository;
  /** The PUK the CA holds committed for a key serial (opened with the escrow key), null when none. */
  committedPuk(keySerial: string): Promise<string | null>;
  close(): Promise<void>;
}

export async function startHttpCa(): Promise<HttpCa> {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-unlock-kinds-'));
  const ca = await loadDemoCa(join(dir, 'ca'));
  const repository = await openRepository(join(dir, 'ca'));
  const http = buildHttpServer({ service: new CmpService({ ca, repository }) });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`,
    ca,
    repository,
    async committedPuk(keySerial) {
      const escrow = await repository.findCommittedEscrow(keySerial);
      return escrow ? new TextDecoder().decode(await open(ca.escrowPrivateKey, escrow.sealedPuk, keySerial, 'escrow')) : null;
    },
    async close() {
      await http.close();
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One event a world logs in order: a CA POST, or a PUK command the card accepted (INS 24/2C, SW 9000). */
export type WorldEvent = 'post' | 'change-puk' | 'reset-retry-counter';

export interface KindWorld {
  readonly card: PivCard;
  readonly tokens: OpenTokens;
  readonly keySerial: string;
  readonly service: UnlockService;
  readonly events: WorldEvent[];
  /** The card's PUK, as the test saw it set (test/support/card-puk.ts). */
  cardPuk(): string;
  /** Called before each CA POST (may throw or stall) once armed; n counts POSTs from arming. */
  fault: { armed: boolean; posts: number; at: ((n: number) => 'fail' | 'stall' | null) | null };
  /** Awaited before each PUK command reaches the card, when set: a card command in flight, held by the test. */
  hold: ((command: Exclude<WorldEvent, 'post'>) => Promise<void>) | null;
  /** Called right after the card accepted a PUK command, before its answer reaches the app (e.g. to unplug). */
  accepted: ((command: Exclude<WorldEvent, 'post'>) => void) | null;
  unplug(): void;
  plug(): void;
}

const provisioned = new Map<CardKindId, Promise<{ state: CardStateJson; caCertificate: Uint8Array }>>();
let serialCounter = 0x07100000;

/** The kind's demo card, provisioned once per kind, copied with a fresh serial and CHUID. */
async function cardOf(kind: CardKindId): Promise<{ card: PivCard; caCertificate: Uint8Array }> {
  let ready = provisioned.get(kind);
  if (!ready) {
    ready = provisionDemoTokenWithCa(new Date(), kind).then((t) => ({ state: t.card.toJSON(), caCertificate: t.caCertificate }));
    provisioned.set(kind, ready);
  }
  const { state, caCertificate } = await ready;
  const serial = ++serialCounter;
  const chuid = defaultObjects(serial).get(ObjectId.CHUID)!;
  const objects = { ...state.objects, [ObjectId.CHUID.toString(16)]: Array.from(chuid, (b) => b.toString(16).padStart(2, '0')).join('') };
  return { card: PivCard.fromJSON({ ...state, serial, objects }, { kind }), caCertificate };
}

export async function kindWorld(kind: CardKindId, http: HttpCa, extra: Partial<UnlockServiceOptions> = {}): Promise<KindWorld> {
  const { card, caCertificate } = await cardOf(kind);
  const cardPuk = watchCardPuk(card);
  const events: WorldEvent[] = [];
  const world = { fault: { armed: false, posts: 0, at: null }, hold: null, accepted: null } as Pick<KindWorld, 'fault' | 'hold' | 'accepted'>;
  const transmit = card.transmit.bind(card);
  card.transmit = async (apdu: Uint8Array) => {
    const puk = (apdu[1] === 0x24 && apdu[3] === 0x81) || apdu[1] === 0x2c;
    if (puk && world.hold) await world.hold(apdu[1] === 0x24 ? 'change-puk' : 'reset-retry-counter');
    const reply = await transmit(apdu);
    const ok = reply.length >= 2 && reply[reply.length - 2] === 0x90 && reply[reply.length - 1] === 0x00;
    if (ok && puk) {
      const command = apdu[1] === 0x24 ? 'change-puk' : 'reset-retry-counter';
      events.push(command);
      world.accepted?.(command);
    }
    return reply;
  };
  const watched: typeof fetch = async (input, init) => {
    events.push('post');
    const what = world.fault.armed && world.fault.at ? world.fault.at(++world.fault.posts) : null;
    if (what === 'fail') throw new TypeError('network down');
    // A CA that takes the request and never answers: only the request's own AbortSignal ends it.
    if (what === 'stall') return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    return fetch(input, init);
  };
  const device = new VirtualUsbDevice(card, { serialNumber: `KIND-${kind}` });
  const usb = new VirtualUsb();
  usb.plug(device);
  const demo = new DemoSource(async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]));
  await demo.start();
  const tokens = new OpenTokens(new DeviceSourceRegistry([demo]), [PIV_PROFILE]);
  const info = (await tokens.get(DEMO_TOKEN_ID)).info;
  const service = new UnlockService(tokens, {
    caUrl: http.url,
    caCertificate: http.ca.caCertificate,
    caCmpCertificate: http.ca.cmpCertificate,
    escrowStore: new MemoryEscrowRecordStore(),
    requestStore: new MemoryUnlockRequestStore(),
    fetch: watched,
    requestTimeoutMs: 2_000,
    ...extra,
  });
  const unplug = (): void => usb.unplug(device);
  const plug = (): void => usb.plug(device);
  return Object.assign(world, { card, tokens, keySerial: info.serialNumber ?? info.cardIdentifier ?? '', service, events, cardPuk, unplug, plug }) as KindWorld;
}
