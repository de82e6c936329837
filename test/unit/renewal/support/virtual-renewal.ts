/**
 * A renewal world for tests: the demo token's PIV card (virtual token) behind the PIV card profile, the
 * reference CA's CmpService with the fixed demo CA and a SQLite repository (no HTTP), and a crash switch that
 * makes the N-th APDU, journal write or CA exchange fail — before or after it took effect — as a pulled key or
 * a killed worker would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApduTransport } from '../../../../src/apdu/transport';
import { fromHex } from '../../../../src/apdu/hex';
import { CmpService } from '../../../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../../../src/servers/ca-server/demo-material';
import { openRepository } from '../../../../src/servers/ca-server/open-repository';
import type { CaRepository } from '../../../../src/servers/ca-server/storage/repository';
import { CA_PROFILES } from '../../../../src/shared/ca-profiles/profiles';
import type { TransferResult } from '../../../../src/shared/cmp/client/transfer';
import { demoCaCertificateDer } from '../../../../src/virtual/demo-ca';
import { FACTORY_DEFAULTS, Slot } from '../../../../src/cards/piv/constants';
import { PivSession } from '../../../../src/cards/piv/session';
import { PivTokenSession } from '../../../../src/cards/piv/token-session';
import { claimedKeyRefs, keyMapFromJournals, MemoryRenewalJournalStore, planRenewal, renewalTarget, type RenewalContext, type RenewalJournal } from '../../../../src/flows/renewal';
import { provisionDemoTokenWithCa } from '../../../../src/virtual/virtual-token/demo';
import { PivCard } from '../../../../src/virtual/virtual-token/piv-card';
import { CARD_KINDS, type CardKindId } from '../../../../src/virtual/virtual-token/card-kinds';
import { renewalTokenPort } from '../../../../src/worker/renewal-token-port';

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/** Counts operations; at `at` it throws, with the effect done first when `after`. */
export class CrashSwitch {
  count = 0;
  constructor(
    private readonly at: number | null,
    private readonly after: boolean,
  ) {}

  async guard<T>(effect: () => Promise<T>): Promise<T> {
    const n = this.count++;
    if (this.at === null || n < this.at) return effect();
    if (n === this.at && this.after) await effect();
    throw new SimulatedCrash(`crash at operation ${n}`);
  }
}

class CardTransport implements ApduTransport {
  readonly capabilities = { extendedApdu: true, maxCommandLength: 65_544 };
  readonly atr = new Uint8Array(0);
  readonly isDisconnected = false;
  constructor(
    private readonly card: PivCard,
    private readonly crash: CrashSwitch,
  ) {}
  exchange(command: Uint8Array): Promise<Uint8Array> {
    return this.crash.guard(() => this.card.transmit(command));
  }
  onDisconnect(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
  describe(): Record<string, unknown> {
    return { transport: 'virtual card' };
  }
}

export interface RenewalWorld {
  readonly card: PivCard;
  readonly store: MemoryRenewalJournalStore;
  readonly service: CmpService;
  readonly repository: CaRepository;
  /** A context whose every operation goes through `crash`; each call opens the token afresh (a replug). */
  context(crash: CrashSwitch, pin?: string): Promise<RenewalContext>;
  plan(now?: Date): Promise<RenewalJournal>;
  close(): Promise<void>;
}

const provisioned = new Map<CardKindId, Promise<unknown>>();

/** Every card kind (issue 15 §1): each flow test runs on each. */
export const KIND_IDS: readonly CardKindId[] = CARD_KINDS.map((k) => k.id);

/** Provisioning makes an RSA key: do it once per kind, and give each world a copy of the card. */
export async function demoCardCopy(kind: CardKindId = 'yubikey-5.7'): Promise<PivCard> {
  let state = provisioned.get(kind);
  if (!state) {
    state = provisionDemoTokenWithCa(new Date(), kind).then((t) => t.card.toJSON());
    provisioned.set(kind, state);
  }
  return PivCard.fromJSON(await state, { kind });
}

export async function openTokenSession(card: PivCard, crash: CrashSwitch): Promise<PivTokenSession> {
  await card.powerOff(); // a replug: PIN and management-key status are gone
  return new PivTokenSession(await PivSession.open(new CardTransport(card, crash)));
}

export interface InProcessCa {
  readonly service: CmpService;
  readonly repository: CaRepository;
  close(): Promise<void>;
}

/** The reference CA with the fixed demo CA and a SQLite repository in a fresh directory. */
export async function inProcessCa(): Promise<InProcessCa> {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-renewal-'));
  const repository = await openRepository(dir);
  const service = new CmpService({ ca: await loadDemoCa(dir), repository });
  return {
    service,
    repository,
    async close() {
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A world on `card` (default: a fresh demo card) and `ca` (default: its own CA, closed with the world). */
export async function renewalWorld(card?: PivCard, sharedCa?: InProcessCa): Promise<RenewalWorld> {
  const ca = sharedCa ?? (await inProcessCa());
  const { service, repository } = ca;
  const theCard = card ?? (await demoCardCopy());
  const store = new MemoryRenewalJournalStore();
  const adminKey = fromHex(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
  return {
    card: theCard,
    store,
    service,
    repository,
    async context(crash, pin = FACTORY_DEFAULTS.PIN) {
      const session = await openTokenSession(theCard, new CrashSwitch(null, false));
      const serial = (await session.readFacts()).serialNumber ?? '';
      const live = new PivTokenSession(await PivSession.open(new CardTransport(theCard, crash)));
      return {
        token: renewalTokenPort({ current: async () => ({ session: live, serial }) }, adminKey),
        store: { save: (j) => crash.guard(() => store.save(j)), get: (id) => store.get(id), listByToken: (t) => store.listByToken(t) },
        send: (_url, der): Promise<TransferResult> => crash.guard(async () => ({ kind: 'response', der: await service.handle(der) })),
        now: () => new Date(),
        pin,
      };
    },
    async plan(now = new Date()) {
      const session = await openTokenSession(theCard, new CrashSwitch(null, false));
      const journals = await store.listByToken('demo');
      const claimed = claimedKeyRefs(journals);
      const { mainKeyRef, roleKeyRef } = renewalTarget(keyMapFromJournals(journals), Slot.AUTHENTICATION);
      const old = (await session.readCertificate(mainKeyRef))!;
      const { journal } = await planRenewal({
        id: `r-${Math.random().toString(36).slice(2)}`,
        tokenId: 'demo',
        tokenSerial: (await session.readFacts()).serialNumber ?? '',
        mainKeyRef,
        roleKeyRef,
        oldCertificate: old,
        chain: [demoCaCertificateDer()],
        caCmpCertificate: demoCaCertificateDer(),
        caUrl: 'in-process',
        rule: CA_PROFILES.find((p) => p.id === 'demo')!.renewal,
        newKeyRef: async () => {
          const allocation = await session.allocateKeyRef(claimed);
          if ('refused' in allocation) throw new Error(`allocator refused: ${allocation.refused}`);
          return allocation.keyRef;
        },
        now,
      });
      await store.save(journal);
      return journal;
    },
    async close() {
      if (!sharedCa) await ca.close();
    },
  };
}
