import { DEFAULT_LANG, isLang, type Lang } from '../i18n';
import { deleteCorrupt, deleteTrustedCa, getSetting, listTrustedCas, loadSnapshot, putToken, putTrustedCa, replaceCertificates, setSetting, setTokenLabel, type UKeyDb } from '../store';
import type { CorruptRecordNotice, TrustedCaRecord } from '../store/records';
import type { DeviceService, PairedToken, PinStatusPair, TokenCertificate } from '../worker/device-service-api';
import { keepFetchedCrls, loadNewestNotBefore, newestNotBefore, saveNewestNotBefore } from './read-evidence';
import { toCertRecord, toRecord } from './token-records';
import type { TokenView } from './token-view';
import { WorkerBriefing } from './worker-briefing';

/**
 * The app's state and the actions that change it. Screens subscribe; the model talks to the store and the
 * driver (both injected, so session tests can drive it without a browser). It never sees a PIN except to pass
 * it straight through to the driver for one call (DESIGN.md §7).
 */
export interface AppState {
  readonly lang: Lang;
  readonly tokens: ReadonlyMap<string, TokenView>;
  readonly corrupt: readonly CorruptRecordNotice[];
  readonly storageError: unknown;
  readonly demo: boolean;
  readonly loaded: boolean;
  /** CA certificates the user imported (idb trustedCAs), oldest first. */
  readonly trustedCas: readonly TrustedCaRecord[];
}

export interface ModelDeps {
  readonly openDb: () => Promise<UKeyDb>;
  readonly loadDriver: () => Promise<DeviceService>;
  readonly now?: () => Date;
  /** Called when the demo token starts, so a reload in the same tab starts it again (main.tsx). */
  readonly onDemoStarted?: () => void;
  /** ISO time this app was built (Vite define, src/sw/build-info.ts); absent outside a build. */
  readonly buildTime?: string | null;
  /** Our own origin's HTTP Date when online (the env check's probe); null or a rejection when it cannot tell. */
  readonly fetchServerDate?: () => Promise<Date | null>;
}

type Listener = (state: AppState) => void;

export class AppModel {
  private state: AppState = { lang: DEFAULT_LANG, tokens: new Map(), corrupt: [], storageError: null, demo: false, loaded: false, trustedCas: [] };
  private readonly briefing = new WorkerBriefing();
  private readonly listeners = new Set<Listener>();
  private db: UKeyDb | null = null;

  constructor(private readonly deps: ModelDeps) {
    if (deps.buildTime) this.briefing.updateClock({ buildTime: deps.buildTime });
  }

  getState(): AppState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private patchToken(id: string, patch: Partial<TokenView>): void {
    const current = this.state.tokens.get(id);
    if (!current) return;
    const tokens = new Map(this.state.tokens);
    tokens.set(id, { ...current, ...patch });
    this.set({ tokens });
  }

  private nowIso(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** Cached data first (works offline and unplugged), then whatever the driver can read live. */
  async start(options: { demo: boolean }): Promise<void> {
    try {
      this.db = await this.deps.openDb();
      const lang = await getSetting(this.db, 'lang');
      const snap = await loadSnapshot(this.db);
      const trustedCas = await listTrustedCas(this.db);
      if (trustedCas.length > 0) this.setTrustedCas(trustedCas);
      const tokens = new Map<string, TokenView>();
      for (const record of snap.tokens) {
        const certificates = snap.certificates.filter((c) => c.tokenId === record.id);
        tokens.set(record.id, { record, certificates, live: false, reading: false, error: null, pinStatus: null });
      }
      this.set({ lang: isLang(lang) ? lang : this.state.lang, tokens, corrupt: snap.corrupt });
      const newest = newestNotBefore(snap.certificates, await loadNewestNotBefore(this.db));
      if (newest !== null) this.briefing.updateClock({ newestNotBeforeSeen: newest });
    } catch (error) {
      this.set({ storageError: error });
    }
    await this.learnServerDate();
    this.set({ loaded: true, demo: options.demo || [...this.state.tokens.values()].some((v) => v.record.isDemo) });
    if (options.demo) await this.startDemo();
    await this.refreshAll();
  }

  /** When online, the server's Date header: the strongest clock evidence (assessClock's server skew). */
  private async learnServerDate(): Promise<void> {
    const date = await this.deps.fetchServerDate?.().catch(() => null);
    if (date && !Number.isNaN(date.getTime())) this.briefing.updateClock({ server: { date: date.toISOString(), receivedAt: this.nowIso() } });
  }

  /** The driver, briefed first on what changed since it last heard (CRLs, clock evidence, trust anchors). */
  private async driver(): Promise<DeviceService> {
    return this.briefing.brief(await this.deps.loadDriver(), this.db);
  }

  private setTrustedCas(trustedCas: readonly TrustedCaRecord[]): void {
    this.briefing.setAnchors(trustedCas.map((ca) => new Uint8Array(ca.der)));
    this.set({ trustedCas });
  }

  /**
   * Imports the CA certificates of a file (parsed in the worker; CaImportError when it holds none), keeps them
   * in idb, then re-reads every token so chains built on them show as trusted. Returns how many were added.
   * A bad file throws before anything is changed.
   */
  async importCaFile(bytes: Uint8Array): Promise<number> {
    const found = (await (await this.driver()).parseCaFile(bytes)).filter((info) => info.isCa);
    const known = new Set(this.state.trustedCas.map((ca) => ca.id));
    const importedAt = this.nowIso();
    const added: TrustedCaRecord[] = found
      .filter((info, i) => !known.has(info.sha256) && found.findIndex((o) => o.sha256 === info.sha256) === i)
      .map((info) => ({ id: info.sha256, der: info.der.slice().buffer as ArrayBuffer, label: info.subjectDN, notAfter: info.notAfter, importedAt }));
    if (this.db) for (const record of added) await putTrustedCa(this.db, record);
    if (added.length > 0) {
      this.setTrustedCas([...this.state.trustedCas, ...added]);
      await this.rereadAll();
    }
    return added.length;
  }

  async removeTrustedCa(id: string): Promise<void> {
    if (this.db) await deleteTrustedCa(this.db, id);
    this.setTrustedCas(this.state.trustedCas.filter((ca) => ca.id !== id));
    await this.rereadAll();
  }

  /** Reads every reachable token again (chain verdicts depend on the trust anchors). */
  private async rereadAll(): Promise<void> {
    let paired: PairedToken[];
    try {
      paired = await (await this.driver()).listPairedTokens();
    } catch {
      return;
    }
    for (const token of paired) await this.refresh(token);
  }

  async setLang(lang: Lang): Promise<void> {
    this.set({ lang });
    if (this.db) await setSetting(this.db, 'lang', lang).catch(() => undefined);
  }

  async setLabel(tokenId: string, label: string): Promise<void> {
    const view = this.state.tokens.get(tokenId);
    if (!view) return;
    this.patchToken(tokenId, { record: { ...view.record, label } });
    if (this.db) await setTokenLabel(this.db, tokenId, label);
  }

  /** Re-reads every token the browser still grants (and tokens whose stored records were corrupt). */
  async refreshAll(): Promise<void> {
    let paired: PairedToken[];
    try {
      paired = await (await this.driver()).listPairedTokens();
    } catch {
      return; // no driver (offline first load, no WebUSB): cached data stays, marked cached
    }
    for (const token of paired) {
      // Already read in this session (e.g. the demo just started): one read per token is enough.
      if (this.state.tokens.get(token.id)?.live) continue;
      await this.refresh(token);
    }
  }

  async startDemo(): Promise<PairedToken> {
    const driver = await this.driver();
    const token = await driver.startDemoToken();
    this.deps.onDemoStarted?.();
    this.set({ demo: true });
    await this.refresh(token);
    return token;
  }

  /** After the window's requestDevice() granted a device: find it in the worker's list and read it. */
  async adoptGranted(match: (t: PairedToken) => boolean): Promise<PairedToken | null> {
    const paired = await (await this.driver()).listPairedTokens();
    const token = paired.find(match) ?? null;
    if (token) await this.refresh(token);
    return token;
  }

  /** Reads info, certificates and PIN status (no try spent) and caches the public parts. */
  async refresh(token: PairedToken): Promise<void> {
    const previous = this.state.tokens.get(token.id);
    const now = this.nowIso();
    const placeholder: TokenView = previous ?? {
      record: toRecord(token, null, undefined, now), certificates: [], live: false, reading: false, error: null, pinStatus: null,
    };
    const tokens = new Map(this.state.tokens);
    tokens.set(token.id, { ...placeholder, reading: true, error: null });
    this.set({ tokens });
    try {
      const driver = await this.driver();
      const info = await driver.open(token.id);
      const certs = await driver.readCertificates(token.id);
      // Keeping what the read taught must never turn a good read into an error.
      await this.afterRead(driver, certs, now).catch(() => undefined);
      const pinStatus = await driver.getPinStatus(token.id);
      const record = toRecord(token, info, previous?.record, now);
      const certificates = certs.map((c) => toCertRecord(token.id, c, now));
      this.patchToken(token.id, { record, certificates, pinStatus, live: true, reading: false });
      const repaired = this.state.corrupt.filter((c) => c.tokenId === token.id);
      this.set({ corrupt: this.state.corrupt.filter((c) => c.tokenId !== token.id) });
      if (this.db) {
        for (const notice of repaired) await deleteCorrupt(this.db, notice);
        await putToken(this.db, record);
        await replaceCertificates(this.db, token.id, certificates);
      }
    } catch (error) {
      this.patchToken(token.id, { reading: false, live: false, error });
    }
  }

  /** Keeps the CRLs the worker downloaded and the newest notBefore seen, for the next (offline) start. */
  private async afterRead(driver: DeviceService, certs: readonly TokenCertificate[], now: string): Promise<void> {
    const fetched = await driver.takeFetchedCrls();
    if (this.db) await keepFetchedCrls(this.db, fetched, now);
    const seen = this.briefing.newestNotBeforeSeen;
    const newest = newestNotBefore(certs, seen);
    if (newest !== null && newest !== seen) {
      this.briefing.updateClock({ newestNotBeforeSeen: newest });
      if (this.db) await saveNewestNotBefore(this.db, newest);
    }
  }

  /** PIN status without spending a try; shown before each attempt. */
  async readPinStatus(tokenId: string): Promise<PinStatusPair> {
    const status = await (await this.driver()).getPinStatus(tokenId);
    this.patchToken(tokenId, { pinStatus: status });
    return status;
  }

  /**
   * One PIN operation, exactly one driver call: no retry on failure (DESIGN.md §7). The tries-left count is
   * refreshed afterwards whatever the outcome, then the original outcome is passed on.
   */
  async pinOperation(tokenId: string, run: (driver: DeviceService) => Promise<void>): Promise<void> {
    const driver = await this.driver();
    try {
      await run(driver);
    } finally {
      await this.readPinStatus(tokenId).catch(() => undefined);
    }
  }
}
