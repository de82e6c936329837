import { DEFAULT_LANG, type Lang } from './i18n';
import type { CorruptRecordNotice } from '../store';
import type { CrlInfo, TrustedCaInfo } from '../worker';
import type { TokenView } from './token-view';

/** What every screen reads; changed only by AppModel's actions. */
export interface AppState {
  readonly lang: Lang;
  readonly tokens: ReadonlyMap<string, TokenView>;
  readonly corrupt: readonly CorruptRecordNotice[];
  readonly storageError: unknown;
  readonly demo: boolean;
  readonly loaded: boolean;
  /**
   * The first look for plugged-in keys has finished (issue 8 §2): until then a key that is not live may simply
   * not have been found YET, so screens say "reading the key…" rather than "not plugged in".
   */
  readonly scanned: boolean;
  /** CA certificates the user imported, oldest first, as the worker keeps them. */
  readonly trustedCas: readonly TrustedCaInfo[];
  /** CRLs the worker keeps for offline revocation checks (imported or downloaded). */
  readonly crls: readonly CrlInfo[];
  /**
   * The database is held by another tab of an older version ('db-blocked': close it), or a newer version of
   * the app took it over ('db-upgraded': reload this tab). Null when all is well.
   */
  readonly dbNotice: DbNotice | null;
}

export type DbNotice = 'db-blocked' | 'db-upgraded';

type Listener = (state: AppState) => void;

/** State and its listeners; AppModel (app-model.ts) adds the actions. */
export class StateStore {
  protected state: AppState = { lang: DEFAULT_LANG, tokens: new Map(), corrupt: [], storageError: null, demo: false, loaded: false, scanned: false, trustedCas: [], crls: [], dbNotice: null };
  private readonly listeners = new Set<Listener>();
  /** Called by the database's upgrade handshake (store/db.ts) so the user learns why nothing loads. */
  noticeDb(notice: DbNotice): void {
    this.set({ dbNotice: notice });
  }

  getState(): AppState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  protected patchToken(id: string, patch: Partial<TokenView>): void {
    const current = this.state.tokens.get(id);
    if (!current) return;
    const tokens = new Map(this.state.tokens);
    tokens.set(id, { ...current, ...patch });
    this.set({ tokens });
  }
}
