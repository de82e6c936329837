import { isLang, type Lang } from './i18n';
import type { CrlInfo, DeviceService, PairedToken, PinStatusPair, SignInHistoryEntry, RecordedCertificate, RecordsApi } from '../worker';
import type { ModelDeps } from './model-deps';
import { toCertRecord, toRecord } from './token-records';
import { StateStore } from './model-state';
import type { TokenView } from './token-view';

export type { AppState, DbNotice } from './model-state';
export type { ModelDeps } from './model-deps';

/**
 * The app's actions: screens subscribe to the state (model-state.ts); the model talks to the worker's records
 * service and the driver (both injected, so session tests can drive it without a browser). It never sees a PIN except to pass
 * it straight through to the driver for one call (DESIGN.md §7).
 */
export class AppModel extends StateStore {
  /** Set once the saved data was read at start; null while storage is unavailable (nothing is saved then). */
  private records: RecordsApi | null = null;

  constructor(private readonly deps: ModelDeps) {
    super();
  }

  private nowIso(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** Cached data first (works offline and unplugged), then whatever the driver can read live. */
  async start(options: { demo: boolean }): Promise<void> {
    try {
      const records = await (this.deps.loadRecords ?? (async () => (await this.deps.loadDriver()).records))();
      const lang = await records.getSetting('lang');
      const snap = await records.snapshot();
      this.records = records;
      const tokens = new Map<string, TokenView>();
      for (const record of snap.tokens) {
        const certificates = snap.certificates.filter((c) => c.tokenId === record.id);
        tokens.set(record.id, { record, certificates, live: false, reading: false, error: null, pinStatus: null });
      }
      this.set({ lang: isLang(lang) ? lang : this.state.lang, tokens, corrupt: snap.corrupt });
    } catch (error) {
      this.storageFailed(error);
    }
    await this.loadTrust();
    this.set({ loaded: true, demo: options.demo || [...this.state.tokens.values()].some((v) => v.record.isDemo) });
    try {
      if (options.demo) await this.startDemo();
      await this.refreshAll();
    } finally {
      this.set({ scanned: true });
    }
  }

  private driver(): Promise<DeviceService> {
    return this.deps.loadDriver();
  }

  /**
   * Another tab's version holds or took over the database (store/connection.ts): say which, else a storage error.
   * Told by the errors' stable names: the window imports nothing of the store at run time (.dependency-cruiser.cjs).
   */
  private storageFailed(error: unknown): void {
    const name = error instanceof Error ? error.name : '';
    if (name === 'DatabaseBlockedError') this.noticeDb('db-blocked');
    else if (name === 'DatabaseUpgradedError') this.noticeDb('db-upgraded');
    else this.set({ storageError: error });
  }

  /** A write of saved data; a failure is shown as the database notice, never as a failed read of the key. */
  private async save(write: (records: RecordsApi) => Promise<unknown>): Promise<void> {
    if (!this.records) return;
    await write(this.records).catch((error: unknown) => this.storageFailed(error));
  }

  /** The worker's trust store, for the trust screen (the worker judges with it itself). */
  async loadTrust(): Promise<void> {
    try {
      const driver = await this.driver();
      this.set({ trustedCas: await driver.trust.listTrustedCas(), crls: await driver.trust.listCrls() });
    } catch {
      // no driver yet (offline first load): the trust screen shows none; reports still come from the worker
    }
  }

  /**
   * Imports the CA certificates of a file (parsed and kept by the worker; CaImportError when it holds none),
   * then re-reads every token so chains built on them show as trusted. Returns how many were added.
   */
  async importCaFile(bytes: Uint8Array): Promise<number> {
    const added = await (await this.driver()).trust.importCaFile(bytes);
    await this.loadTrust();
    if (added > 0) await this.rereadAll();
    return added;
  }

  async removeTrustedCa(id: string): Promise<void> {
    await (await this.driver()).trust.removeTrustedCa(id);
    await this.loadTrust();
    await this.rereadAll();
  }

  /** A CRL file the user got from the CA's site (when the browser cannot download it itself): kept, then re-read. */
  async importCrlFile(bytes: Uint8Array): Promise<CrlInfo> {
    const info = await (await this.driver()).trust.importCrl(bytes);
    await this.loadTrust();
    await this.rereadAll();
    return info;
  }

  /** Reads every reachable token again (chain verdicts depend on the trust anchors). */
  private async rereadAll(): Promise<void> {
    let paired: PairedToken[];
    try {
      paired = await (await this.driver()).tokens.listPairedTokens();
    } catch {
      return;
    }
    for (const token of paired) await this.refresh(token);
  }

  async setLang(lang: Lang): Promise<void> {
    this.set({ lang });
    await this.save((r) => r.setSetting('lang', lang));
  }

  async setLabel(tokenId: string, label: string): Promise<void> {
    const view = this.state.tokens.get(tokenId);
    if (!view) return;
    this.patchToken(tokenId, { record: { ...view.record, label } });
    await this.save((r) => r.setTokenLabel(tokenId, label));
  }

  /** Notes kept with the key on this device (who keeps it, the contact given to the CA). */
  async setNotes(tokenId: string, notes: string): Promise<void> {
    const view = this.state.tokens.get(tokenId);
    if (!view) return;
    const record = { ...view.record, notes };
    this.patchToken(tokenId, { record });
    await this.save((r) => r.putToken(record));
  }

  /**
   * Records a key this browser cannot open by its certificates (issue 16 §1). A certificate already on the
   * dashboard (recorded before, or on a paired key) adds nothing: its key's id comes back with added=false.
   */
  async addCertificateOnlyKey(certs: readonly RecordedCertificate[]): Promise<{ id: string; added: boolean }> {
    const wanted = new Set(certs.map((c) => c.report.fingerprints.sha256.toLowerCase()));
    for (const view of this.state.tokens.values()) {
      if (view.certificates.some((c) => c.report !== null && wanted.has(c.report.fingerprints.sha256.toLowerCase()))) {
        return { id: view.record.id, added: false };
      }
    }
    // The worker makes and keeps the records (store/certificate-only-keys.ts); without storage nothing is recorded.
    const records = this.records ?? (await (this.deps.loadRecords ?? (async () => (await this.deps.loadDriver()).records))());
    const { record, certificates } = await records.addCertificateOnlyKey(certs);
    const tokens = new Map(this.state.tokens);
    tokens.set(record.id, { record, certificates, live: false, reading: false, error: null, pinStatus: null });
    this.set({ tokens });
    return { id: record.id, added: true };
  }

  /** What the window needs to judge an offered certificate as the worker would: the user's CAs and kept CRLs. */
  async certificateTrustInput(): Promise<{ anchors: Uint8Array[]; crls: Uint8Array[] }> {
    try {
      const driver = await this.driver();
      const [cas, crls] = await Promise.all([driver.trust.listTrustedCas(), driver.trust.listCrls()]);
      return { anchors: cas.map((c) => c.der), crls: crls.map((c) => c.der) };
    } catch {
      return { anchors: [], crls: [] }; // no driver (offline first load): the report says the issuer is unknown
    }
  }

  /** Forgets a key on this device (after the user confirmed); the demo goes with its last key. */
  async removeToken(tokenId: string): Promise<void> {
    const tokens = new Map(this.state.tokens);
    tokens.delete(tokenId);
    const demoLeft = [...tokens.values()].some((v) => v.record.isDemo);
    this.set({ tokens, demo: this.state.demo && demoLeft });
    await this.save((r) => r.deleteToken(tokenId));
  }

  /** Leaves the demo: every demo key is forgotten and the tab stops restarting it. */
  async leaveDemo(): Promise<void> {
    // The demo card itself is shared by every window and kept across reloads (issue 16 §2): delete it first, so
    // the banner goes only once the card is gone (a reload right after cannot find the old card).
    await (await this.driver()).tokens.leaveDemoToken();
    for (const view of [...this.state.tokens.values()]) if (view.record.isDemo) await this.removeToken(view.record.id);
    this.set({ demo: false });
    this.deps.onDemoLeft?.();
  }

  /**
   * "重新读取" for one key (issue 8 §2: it always answers): true when the key was found and read again, false
   * when the browser does not see it now (not plugged in) — the screen says so.
   */
  async rereadToken(tokenId: string): Promise<boolean> {
    const token = (await (await this.driver()).tokens.listPairedTokens()).find((p) => p.id === tokenId);
    if (!token) return false;
    await this.refresh(token);
    return this.state.tokens.get(tokenId)?.live === true;
  }

  /** Re-reads every token the browser still grants (and tokens whose stored records were corrupt). */
  async refreshAll(): Promise<void> {
    let paired: PairedToken[];
    try {
      paired = await (await this.driver()).tokens.listPairedTokens();
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
    const token = await driver.tokens.startDemoToken();
    this.deps.onDemoStarted?.();
    this.set({ demo: true });
    await this.refresh(token);
    return token;
  }

  /** After the window's requestDevice() granted a device: find it in the worker's list and read it. */
  async adoptGranted(match: (t: PairedToken) => boolean): Promise<PairedToken | null> {
    const paired = await (await this.driver()).tokens.listPairedTokens();
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
      const info = await driver.tokens.open(token.id);
      const certs = await driver.tokens.readCertificates(token.id);
      const pinStatus = await driver.pin.getPinStatus(token.id);
      const read = toRecord(token, info, previous?.record, now);
      const certificates = certs.map((c) => toCertRecord(token.id, c, now));
      const repaired = this.state.corrupt.filter((c) => c.tokenId === token.id);
      // One transaction in the worker: corrupt leftovers go, and a key recorded earlier by its certificate becomes
      // this one, its label and notes kept (issue 16 §1 "the two records become one").
      let saved: { record: typeof read; merged: string[] } = { record: read, merged: [] };
      if (this.records) saved = await this.records.saveTokenRead(read, certificates, repaired).catch((error: unknown) => (this.storageFailed(error), saved));
      if (saved.merged.length > 0) {
        const tokens = new Map(this.state.tokens);
        for (const id of saved.merged) tokens.delete(id);
        this.set({ tokens });
      }
      this.patchToken(token.id, { record: saved.record, certificates, pinStatus, live: true, reading: false });
      this.set({ corrupt: this.state.corrupt.filter((c) => c.tokenId !== token.id) });
    } catch (error) {
      this.patchToken(token.id, { reading: false, live: false, error });
    }
  }

  /** Sites that signed in with this key (kept by the worker); empty when the driver is not available. */
  async listSignIns(tokenId: string): Promise<SignInHistoryEntry[]> {
    return (await this.driver()).signIn.listSignIns(tokenId);
  }

  /** PIN status without spending a try; shown before each attempt. */
  async readPinStatus(tokenId: string): Promise<PinStatusPair> {
    const status = await (await this.driver()).pin.getPinStatus(tokenId);
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
