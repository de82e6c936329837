/**
 * The worker's RenewalService (issue 10 §2): plans a renewal (window rule and free retired slot first, nothing
 * touched on the token before the journal record is durable), runs and resumes the state machine over the open
 * token, and reports each renewal as plain data for the UI. The PIN and the management key live for one call.
 */
import { fromHex } from '../apdu/hex';
import type { TransferResult } from '../shared/cmp/client/transfer';
import { CA_PROFILES } from '../shared/ca-profiles/profiles';
import { parseCertificate } from '../shared/pki/parse-certificate';
import { isFinal, type RenewalJournal, type RenewalJournalStore } from '../flows/renewal/journal';
import { planRenewal } from '../flows/renewal/plan';
import { RenewalStateError } from '../flows/renewal/errors';
import { runRenewal } from '../flows/renewal/state-machine';
import { renewalWindow } from '../flows/renewal/window';
import type { RenewalApi, RenewalStatus, RenewalWindowInfo, ResumeRenewalParams, StartRenewalParams } from './device-service-api';
import type { OpenTokens } from './open-tokens';
import { builtInRenewalCas, renewalCaFor, type RenewalCaConfig } from './renewal-ca-config';
import { renewalStatus } from './renewal-status';
import { renewalTokenPort } from './renewal-token-port';

export interface RenewalServiceOptions {
  readonly store: RenewalJournalStore;
  readonly now?: () => Date;
  /** CMP transfer: in the app always the service worker's outbox (issue 15 §3, device-service.ts). */
  readonly send: (url: string, der: Uint8Array, transactionIdHex: string) => Promise<TransferResult>;
  readonly cas?: readonly RenewalCaConfig[];
  readonly newId?: () => string;
}

export class RenewalService implements RenewalApi {
  private readonly now: () => Date;
  private readonly cas: readonly RenewalCaConfig[];
  /** One run per renewal at a time (two tabs pressing 继续 must not interleave steps). */
  private readonly running = new Map<string, Promise<RenewalStatus>>();

  constructor(
    private readonly tokens: OpenTokens,
    private readonly options: RenewalServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.cas = options.cas ?? builtInRenewalCas();
  }

  async renewalWindow(tokenId: string, slot: number): Promise<RenewalWindowInfo> {
    const old = await this.certificateOf(tokenId, slot);
    const ca = renewalCaFor(old, this.cas);
    const profile = CA_PROFILES.find((p) => p.id === ca?.caProfileId) ?? null;
    const notAfter = parseCertificate(old).notAfter;
    return {
      window: profile ? renewalWindow(notAfter, profile.renewal, this.now()) : null,
      caProfileId: profile?.id ?? null,
      caConfigured: ca !== null,
      needsManagementKey: ca?.managementKey.kind === 'administrator',
      effectiveAfterMinutes: profile?.renewal.effectiveAfterMinutes ?? null,
      notAfter: notAfter.toISOString(),
    };
  }

  async startRenewal(params: StartRenewalParams): Promise<RenewalStatus> {
    const { session, info } = await this.tokens.get(params.tokenId);
    const old = await this.certificateOf(params.tokenId, params.slot);
    const ca = renewalCaFor(old, this.cas);
    const profile = CA_PROFILES.find((p) => p.id === ca?.caProfileId);
    if (!ca || !profile) throw new RenewalStateError('no-ca-endpoint', 'No renewal service is configured for the CA that issued this certificate');
    const journals = await this.options.store.listByToken(params.tokenId);
    const unfinished = journals.find((j) => !isFinal(j) && j.mainSlot === params.slot);
    if (unfinished) return this.resumeRenewal({ id: unfinished.id, pin: params.pin, ...(params.managementKeyHex ? { managementKeyHex: params.managementKeyHex } : {}) });
    const { journal } = planRenewal({
      id: this.options.newId?.() ?? globalThis.crypto.randomUUID(),
      tokenId: params.tokenId,
      tokenSerial: info.serialNumber ?? info.cardIdentifier ?? '',
      mainSlot: params.slot,
      oldCertificate: old,
      chain: [ca.caCertificate],
      caCmpCertificate: ca.cmpCertificate,
      caUrl: params.caUrl,
      rule: profile.renewal,
      slotsWithCertificates: new Set((await session.listCertificates()).map((c) => c.keyRef)),
      claimedByRenewals: new Set(journals.filter((j) => !isFinal(j)).map((j) => j.newSlot)),
      now: this.now(),
    });
    await this.options.store.save(journal);
    return this.resumeRenewal({ id: journal.id, pin: params.pin, ...(params.managementKeyHex ? { managementKeyHex: params.managementKeyHex } : {}) });
  }

  resumeRenewal(params: ResumeRenewalParams): Promise<RenewalStatus> {
    const current = this.running.get(params.id);
    if (current) return current;
    const run = this.run(params).finally(() => this.running.delete(params.id));
    this.running.set(params.id, run);
    return run;
  }

  async listRenewals(tokenId: string): Promise<RenewalStatus[]> {
    return (await this.options.store.listByToken(tokenId)).map((j) => renewalStatus(j, null));
  }

  private async run(params: ResumeRenewalParams): Promise<RenewalStatus> {
    const journal = await this.options.store.get(params.id);
    if (!journal) throw new RenewalStateError('unknown-renewal', `No renewal ${params.id}`);
    if (isFinal(journal)) return renewalStatus(journal, null);
    const adminKey = this.managementKeyFor(journal, params.managementKeyHex);
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
      const result = await runRenewal(
        {
          token: port,
          store: this.options.store,
          send: this.options.send,
          now: this.now,
          pin: params.pin,
        },
        journal,
      );
      return renewalStatus(result.journal, result.kind === 'wait' ? { retryAfterSeconds: result.retryAfterSeconds, reason: result.reason } : null);
    } finally {
      adminKey.fill(0);
    }
  }

  private managementKeyFor(journal: RenewalJournal, given: string | undefined): Uint8Array {
    const policy = renewalCaFor(journal.oldCertificate, this.cas)?.managementKey;
    if (policy?.kind === 'factory-default') return fromHex(policy.hex);
    if (given) return fromHex(given);
    throw new RenewalStateError('needs-admin-key', 'This CA asks an administrator for the management key');
  }

  private async certificateOf(tokenId: string, slot: number): Promise<Uint8Array> {
    const { session } = await this.tokens.get(tokenId);
    const found = (await session.listCertificates()).find((c) => c.keyRef === slot);
    if (!found?.der) throw new RenewalStateError('no-certificate', `No readable certificate for key ${slot.toString(16)}`);
    return found.der;
  }
}
