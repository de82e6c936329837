/**
 * The driver worker's DeviceService (device-service-api.ts), composed of one object per concern (issue 7 §5):
 * tokens, PINs, key administration, diagnostics, trust. Each is small and testable alone; comlink exposes the
 * composition as one endpoint with one object per service, holding only the methods api-surface.ts declares.
 */
import { DemoSource, DeviceSourceRegistry, type DeviceSource, type SourceDevice } from '../sources';
import type { CardProfile } from '../cards/seam';
import {
  DIAGNOSTICS_METHODS,
  driverEndpoint,
  exposeService as expose,
  KEY_ADMIN_METHODS,
  PIN_METHODS,
  RENEWAL_METHODS,
  SIGN_IN_METHODS,
  TOKEN_METHODS,
  TRUST_METHODS,
  UNLOCK_METHODS,
  JOB_METHODS,
  RECORDS_METHODS,
} from './api-surface';
import { AppDbConnection, type UKeyDb } from '../store';
import { RecordsService } from './records-service';
import { CertificateReporter, type ReporterOptions } from './certificate-reports';
import type { DeviceService } from './device-service-api';
import { DiagnosticsService } from './diagnostics-service';
import { KeyAdmin } from './key-admin';
import { OpenTokens } from './open-tokens';
import { PinService } from './pin-service';
import { RenewalService } from './renewal-service';
import type { RenewalJournalStore } from '../flows/renewal';
import { defaultRenewalJournal } from './renewal-journal-store';
import { builtInRenewalCas } from './renewal-ca-config';
import { outboxSend, type RenewalSend } from './renewal-outbox-send';
import { MemorySignInLog, type SignInLog } from './sign-in-log';
import { SignInService } from './sign-in-service';
import type { CardCache } from './sign-in-card-cache';
import type { TokenHandover } from './token-handover';
import type { TokenLockManager } from './token-locks';
import { TokenService } from './token-service';
import { TrustService } from './trust-service';
import { UnlockService, type UnlockServiceOptions } from './unlock-service';
import { JobService } from './jobs-service';
import { MemoryTrustData, type TrustData } from './trust-data';
import { CARD_PROFILES } from './card-profiles';
import { DEMO_ADMIN_KEY_HEX } from './demo-token';

/** The registry lives in card-profiles.ts; tests compose the worker's stack from it through this module too. */
export { CARD_PROFILES };

export interface DeviceServiceDeps {
  /** Real device sources (WebUSB CCID where the worker has navigator.usb); the demo source is added here. */
  readonly sources: readonly DeviceSource[];
  /** Starts the demo token; a dynamic import, so the virtual token is a separate lazy chunk. */
  readonly loadDemo: () => Promise<SourceDevice>;
  /** The worker's own persistence; default: in memory. */
  readonly data?: TrustData;
  readonly reporter?: Omit<ReporterOptions, 'data'>;
  readonly profiles?: readonly CardProfile[];
  readonly now?: () => Date;
  /** This app's origin, named in sign-in payloads ("agent"); default the worker's own location. */
  readonly appOrigin?: string;
  /** Sites that signed in with each key; default: in memory. */
  readonly signInLog?: SignInLog;
  /** The renewal journal; default: the app database where the worker has IndexedDB, else in memory. */
  readonly renewalJournal?: RenewalJournalStore;
  /**
   * CMP transfer for renewals. The app has one: the service worker's outbox (issue 15 §3), which keeps a request
   * for as long as the user is offline and delivers it with no window open. Only tests in Node, where there is
   * no service worker, pass their own.
   */
  readonly renewalSend?: RenewalSend;
  /** Cross-window token locks for renewal and unblock-code escrow; default navigator.locks (Node tests share one InProcessLocks). */
  readonly renewalLocks?: TokenLockManager;
  /** Hands tokens over between windows (issue 15 §4); default none (one window). The worker passes the BroadcastChannel one. */
  readonly handover?: TokenHandover | null;
  /** Release a token's device this long after its last card operation; default 2 s. */
  readonly idleMs?: number;
  /** Card facts and certificates by card identity, shared by the origin's workers (issue 15); default none. */
  readonly cardCache?: CardCache | null;
  /** The CA for online unlock (issue 10 §4); default the local reference CA with the demo CA pinned. */
  readonly unlock?: Partial<UnlockServiceOptions>;
  /** The app database, opened only here in the worker (issue 17 §4); default a connection of its own. */
  readonly appDb?: () => Promise<UKeyDb>;
}

/** The demo CA's online service, from its CA profile row (issue 14 §3): `npm run ca -- serve --demo`'s address. */
const DEMO_CA_SERVICE = builtInRenewalCas().find((c) => c.caProfileId === 'demo')!;

/** The reference RA/CA's default address (`npm run ca -- serve --demo`): the demo profile's CMP URL. */
export const DEFAULT_CA_URL = DEMO_CA_SERVICE.cmpUrl;

export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const data = deps.data ?? new MemoryTrustData();
  const demo = new DemoSource(deps.loadDemo);
  const tokens = new OpenTokens(new DeviceSourceRegistry([...deps.sources, demo]), deps.profiles ?? CARD_PROFILES, {
    ...(deps.handover ? { handover: deps.handover } : {}),
    ...(deps.idleMs !== undefined ? { idleMs: deps.idleMs } : {}),
    ...(deps.cardCache ? { cardCache: deps.cardCache } : {}),
  });
  const signInLog = deps.signInLog ?? new MemorySignInLog();
  const reporter = new CertificateReporter({ ...deps.reporter, data, ...(deps.now ? { now: deps.now } : {}) });
  const renewal = new RenewalService(tokens, {
    store: deps.renewalJournal ?? defaultRenewalJournal(),
    send: deps.renewalSend ?? outboxSend({ waitMs: 10_000 }),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.renewalLocks ? { locks: deps.renewalLocks } : {}),
    demoAdminKeyHex: DEMO_ADMIN_KEY_HEX,
  });
  // The card cache keeps listings under the renewal key state they were read in (sign-in-card-cache.ts).
  deps.cardCache?.keyStateFrom(async (tokenId) => (await renewal.keyState(tokenId)).version);
  const unlock = new UnlockService(tokens, {
    // The only CA with an online unlock service we know is the demo CA, for the demo token only (issue 14 §3).
    caUrl: DEMO_CA_SERVICE.cmpUrl,
    caCertificate: DEMO_CA_SERVICE.caCertificate,
    caCmpCertificate: DEMO_CA_SERVICE.cmpCertificate,
    demoOnly: DEMO_CA_SERVICE.demoOnly,
    ...(deps.renewalLocks ? { locks: deps.renewalLocks } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...deps.unlock,
  });
  return driverEndpoint({
    tokens: expose(
      new TokenService(tokens, demo, reporter, (tokenId) => renewal.keyMap(tokenId), async (tokenId) => {
        await deps.cardCache?.forgetToken(tokenId);
        await signInLog.forget(tokenId);
      }),
      TOKEN_METHODS,
    ),
    pin: expose(new PinService(tokens), PIN_METHODS),
    keyAdmin: expose(new KeyAdmin(tokens), KEY_ADMIN_METHODS),
    diagnostics: expose(new DiagnosticsService(tokens), DIAGNOSTICS_METHODS),
    trust: expose(new TrustService(data, reporter, deps.now), TRUST_METHODS),
    signIn: expose(
      new SignInService(tokens, {
        appOrigin: deps.appOrigin ?? (typeof location === 'undefined' ? 'http://localhost' : location.origin),
        log: signInLog,
        keyState: (tokenId) => renewal.keyState(tokenId),
        ...(deps.cardCache ? { cardCache: deps.cardCache } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      }),
      SIGN_IN_METHODS,
    ),
    renewal: expose(renewal, RENEWAL_METHODS),
    unlock: expose(unlock, UNLOCK_METHODS),
    // Long flows run as jobs the window polls (issue 15 §5), never as one call under a call time limit.
    jobs: expose(new JobService(renewal, unlock), JOB_METHODS),
    records: expose(new RecordsService(deps.appDb ?? new AppDbConnection().get, deps.now), RECORDS_METHODS),
  });
}
