/**
 * The worker's RenewalService (issue 10 §2, issue 15 §2): plans a renewal (window rule, then a key reference from the
 * card profile's allocator; nothing touched on the token before the journal record is durable), runs and resumes
 * the state machine over the open token, and reports each renewal as plain data for the UI. Plan and run hold
 * the token's admin lock (token-locks.ts: navigator.locks, shared by every window's worker), so two tabs or the
 * app and a popup never renew one key twice or pick one key reference twice. The CA comes from the certificate's CA
 * profile (issue 14 §3). The PIN and the management key live for one call.
 */
import { fromHex } from '../apdu';
import type { TransferResult } from '../shared/cmp';
import { CA_PROFILES, findCaProfile } from '../shared/ca-profiles';
import { parseCertificate } from '../shared/pki';
import {
  isFinal,
  planRenewal,
  RenewalCaUnknownError,
  RenewalNoFreeKeySlotError,
  RenewalStateError,
  claimedKeyRefs,
  keyMapFromJournals,
  renewalTarget,
  roleOf,
  reopenKept,
  runRenewal,
  renewalWindow,
  type RenewalJournal,
  type RenewalJournalStore,
  type KeyMap,
  type KeyState,
} from '../flows/renewal';
/** Told each step a run writes to the journal (the job's progress, jobs.ts). */
export type RenewalReport = (status: RenewalStatus) => void;
const silent: RenewalReport = () => undefined;
import { DEMO_TOKEN_ID } from '../sources';
import type { TokenSession } from '../cards/seam';
import type { RenewalApi, RenewalStatus, RenewalWindowInfo, ResumeRenewalParams, StartRenewalParams } from './device-service-api';
import type { OpenTokens } from './open-tokens';
import { builtInRenewalCas, renewalCaFor, type RenewalCaConfig } from './renewal-ca-config';
import { renewalStatus } from './renewal-status';
import { renewalTokenPort } from './renewal-token-port';
import { defaultTokenLocks, tokenAdminLock, type TokenLockManager } from './token-locks';

export interface RenewalServiceOptions {
  readonly store: RenewalJournalStore;
  readonly now?: () => Date;
  /** CMP transfer: in the app always the service worker's outbox (issue 15 §3, device-service.ts). */
  readonly send: (url: string, der: Uint8Array, transactionIdHex: string) => Promise<TransferResult>;
  readonly cas?: readonly RenewalCaConfig[];
  readonly newId?: () => string;
  /** Cross-window token locks; default navigator.locks (tests pass one InProcessLocks to every "window"). */
  readonly locks?: TokenLockManager;
  /** The administrative key the demo token ships with (its card profile's factory value); only the demo CA uses it. */
  readonly demoAdminKeyHex?: string;
}

export class RenewalService implements RenewalApi {
  private readonly now: () => Date;
  private readonly cas: readonly RenewalCaConfig[];
  private readonly locks: TokenLockManager;
  /** Within this worker, one run per renewal: a second press of 继续 joins the first instead of queueing. */
  private readonly running = new Map<string, { run: Promise<RenewalStatus>; reports: Set<RenewalReport> }>();

  constructor(
    private readonly tokens: OpenTokens,
    private readonly options: RenewalServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.cas = options.cas ?? builtInRenewalCas();
    this.locks = options.locks ?? defaultTokenLocks();
  }

  /** Role key reference → key reference holding its renewed key (stored journals, key-map.ts). */
  async keyMap(tokenId: string): Promise<KeyMap> {
    return (await this.keyState(tokenId)).map;
  }

  /** The key map and a version that changes whenever a renewal step may have changed the token's certificates. */
  async keyState(tokenId: string): Promise<KeyState> {
    const journals = await this.options.store.listByToken(tokenId);
    return { map: keyMapFromJournals(journals), version: journals.map((j) => `${j.id}@${j.updatedAt}`).sort().join(',') };
  }

  async renewalWindow(tokenId: string, keyRef: number): Promise<RenewalWindowInfo> {
    const { mainKeyRef } = renewalTarget(await this.keyMap(tokenId), keyRef);
    const old = await this.certificateOf(tokenId, mainKeyRef);
    const ca = this.caFor(tokenId, old);
    const profile = CA_PROFILES.find((p) => p.id === ca?.caProfileId) ?? findCaProfile(parseCertificate(old).issuer.fields);
    const notAfter = parseCertificate(old).notAfter;
    return {
      window: profile ? renewalWindow(notAfter, profile.renewal, this.now()) : null,
      caProfileId: profile?.id ?? null,
      caConfigured: ca !== null,
      needsAdminKey: ca?.adminKey.kind === 'administrator',
      effectiveAfterMinutes: profile?.renewal.effectiveAfterMinutes ?? null,
      notAfter: notAfter.toISOString(),
    };
  }

  startRenewal(params: StartRenewalParams): Promise<RenewalStatus> {
    return this.startReporting(params, silent);
  }

  /** startRenewal, telling `report` each step; `journalId` names a new renewal (the job's id, jobs-service.ts). */
  async startReporting(params: StartRenewalParams, report: RenewalReport, journalId?: string): Promise<RenewalStatus> {
    const { info } = await this.tokens.get(params.tokenId);
    const serial = info.serialNumber ?? info.cardIdentifier ?? '';
    const resume = (id: string): ResumeRenewalParams => ({ id, pin: params.pin, ...(params.adminKeyHex ? { adminKeyHex: params.adminKeyHex } : {}) });
    // Renewals already over when this press came; any other one is running or was started while we waited.
    const overBefore = new Set((await this.options.store.listByToken(params.tokenId)).filter(isFinal).map((j) => j.id));
    return this.locks.request(tokenAdminLock(serial), async () => {
      const journals = await this.options.store.listByToken(params.tokenId);
      const target = renewalTarget(keyMapFromJournals(journals), params.keyRef);
      // Another window (or press) renews this key already: join it rather than renew twice or pick its key reference.
      const joined = journals.filter((j) => roleOf(j) === target.roleKeyRef && !overBefore.has(j.id)).at(-1);
      if (joined) return this.runOnce(resume(joined.id), report);
      const journal = await this.plan(params, serial, journals, target, journalId);
      await this.options.store.save(journal);
      report(renewalStatus(journal, null));
      return this.runOnce(resume(journal.id), report);
    });
  }

  resumeRenewal(params: ResumeRenewalParams): Promise<RenewalStatus> {
    return this.resumeReporting(params, silent);
  }

  async resumeReporting(params: ResumeRenewalParams, report: RenewalReport): Promise<RenewalStatus> {
    const journal = await this.options.store.get(params.id);
    if (!journal) throw new RenewalStateError('unknown-renewal', `No renewal ${params.id}`);
    return this.locks.request(tokenAdminLock(journal.tokenSerial), () => this.runOnce(params, report));
  }

  /** Where a renewal stands as saved (a job's state after the worker that ran it is gone). */
  async savedRenewal(id: string): Promise<RenewalStatus | null> {
    const journal = await this.options.store.get(id);
    return journal ? renewalStatus(journal, null) : null;
  }

  async listRenewals(tokenId: string): Promise<RenewalStatus[]> {
    return (await this.options.store.listByToken(tokenId)).map((j) => renewalStatus(j, null));
  }

  private async plan(params: StartRenewalParams, serial: string, journals: readonly RenewalJournal[], target: { mainKeyRef: number; roleKeyRef: number }, journalId?: string): Promise<RenewalJournal> {
    const { session } = await this.tokens.get(params.tokenId);
    const old = await this.certificateOf(params.tokenId, target.mainKeyRef);
    const ca = this.caFor(params.tokenId, old);
    const profile = CA_PROFILES.find((p) => p.id === ca?.caProfileId);
    if (!ca || !profile) throw new RenewalCaUnknownError(this.profileIdOf(old));
    const { journal } = await planRenewal({
      id: journalId ?? this.options.newId?.() ?? globalThis.crypto.randomUUID(),
      tokenId: params.tokenId,
      tokenSerial: serial,
      mainKeyRef: target.mainKeyRef,
      roleKeyRef: target.roleKeyRef,
      oldCertificate: old,
      chain: [ca.caCertificate],
      caCmpCertificate: ca.cmpCertificate,
      // The demo CA runs on a developer's machine at whatever port it was given; a real CA's address is its profile's.
      caUrl: ca.demoOnly && params.caUrl ? params.caUrl : ca.cmpUrl,
      rule: profile.renewal,
      newKeyRef: () => allocate(session, claimedKeyRefs(journals)),
      now: this.now(),
    });
    return journal;
  }

  private runOnce(params: ResumeRenewalParams, report: RenewalReport): Promise<RenewalStatus> {
    const current = this.running.get(params.id);
    if (current) {
      current.reports.add(report); // a joining press sees the same steps
      return current.run;
    }
    const reports = new Set<RenewalReport>([report]);
    const run = this.run(params, (status) => reports.forEach((r) => r(status))).finally(() => this.running.delete(params.id));
    this.running.set(params.id, { run, reports });
    return run;
  }

  private async run(params: ResumeRenewalParams, report: RenewalReport): Promise<RenewalStatus> {
    const stored = await this.options.store.get(params.id);
    if (!stored) throw new RenewalStateError('unknown-renewal', `No renewal ${params.id}`);
    // Failed after the CA certified the key: finish by confirming that certificate again, never a new key (kept.ts).
    const journal = reopenKept(stored) ?? stored;
    if (isFinal(journal)) return renewalStatus(journal, null);
    const adminKey = this.adminKeyFor(journal, params.adminKeyHex);
    try {
      const port = renewalTokenPort(
        {
          current: async () => {
            const token = await this.tokens.get(journal.tokenId);
            return { session: token.session, serial: token.info.serialNumber ?? token.info.cardIdentifier ?? '' };
          },
        },
        adminKey,
      );
      const store = reportingStore(this.options.store, report);
      const result = await runRenewal({ token: port, store, send: this.options.send, now: this.now, pin: params.pin }, journal);
      return renewalStatus(result.journal, result.kind === 'wait' ? { retryAfterSeconds: result.retryAfterSeconds, reason: result.reason } : null);
    } finally {
      adminKey.fill(0);
    }
  }

  /** The CA profile row of a certificate's issuer, for the user's next step (its name, hotlines); '' when none. */
  private profileIdOf(certificate: Uint8Array): string {
    return findCaProfile(parseCertificate(certificate).issuer.fields)?.id ?? renewalCaFor(certificate, this.cas, { demo: true })?.caProfileId ?? '';
  }

  private caFor(tokenId: string, certificate: Uint8Array): RenewalCaConfig | null {
    return renewalCaFor(certificate, this.cas, { demo: tokenId === DEMO_TOKEN_ID });
  }

  private adminKeyFor(journal: RenewalJournal, given: string | undefined): Uint8Array {
    const policy = this.caFor(journal.tokenId, journal.oldCertificate)?.adminKey;
    if (policy?.kind === 'demo-token' && this.options.demoAdminKeyHex) return fromHex(this.options.demoAdminKeyHex);
    if (given) return fromHex(given);
    throw new RenewalStateError('needs-admin-key', 'This CA asks an administrator for the administrative key');
  }

  private async certificateOf(tokenId: string, keyRef: number): Promise<Uint8Array> {
    const { session } = await this.tokens.get(tokenId);
    const der = session.readCertificate ? await session.readCertificate(keyRef) : (await session.listCertificates()).find((c) => c.keyRef === keyRef)?.der;
    if (!der) throw new RenewalStateError('no-certificate', `No readable certificate for key ${keyRef.toString(16)}`);
    return der;
  }
}

/** The profile's allocator (issue 15 §2); a profile without one cannot show a free key reference. */
async function allocate(session: TokenSession, claimed: ReadonlySet<number>): Promise<number> {
  const allocation = session.allocateKeyRef ? await session.allocateKeyRef(claimed) : { refused: 'cannot-show-empty' as const };
  if ('refused' in allocation) throw new RenewalNoFreeKeySlotError(allocation.refused);
  return allocation.keyRef;
}

/** The journal store, telling `report` each step the state machine saves (after it is durable). */
function reportingStore(store: RenewalJournalStore, report: RenewalReport): RenewalJournalStore {
  return {
    get: (id) => store.get(id),
    listByToken: (tokenId) => store.listByToken(tokenId),
    save: async (journal) => {
      await store.save(journal);
      report(renewalStatus(journal, null));
    },
  };
}
