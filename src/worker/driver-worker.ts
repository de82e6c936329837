/**
 * Entry of the dedicated driver worker (DESIGN.md §4): exposes the one DeviceService with comlink. WebUSB is
 * available in dedicated workers (Chrome 70+); where it is not, only the demo token works. The worker keeps
 * its own data (trust anchors, CRLs, clock evidence) and the window's (keys, certificates, settings) in the app's
 * IndexedDB, which only workers open.
 */
import { expose } from 'comlink';
import { CanoKeySource } from '../sources/canokey';
import { RelayedSmartCardSource } from '../sources/smart-card';
import { isSmartCardRelayOffer } from '../shared/smart-card-relay';
import { WebUsbCcidSource } from '../sources';
import { createCrlFetcher } from '../shared/pki';
import {
  AppDbConnection,
  IdbRenewalJournalStore,
  IdbEscrowRecordStore,
  IdbUnlockRequestStore,
  IdbCardCacheStore,
} from '../store';
import { BUILD_TIME } from '../sw';
import { loadDemoToken } from './demo-token';
import { createDeviceService } from './device-service';
import { installErrorTransfer } from './error-transfer';
import { installUsbDouble } from 'virtual:ukey-usb-double';
import { fetchServerTime } from './server-time';
import { broadcastHandoverPort, TokenHandover } from './token-handover';
import { IdbSignInLog, MemorySignInLog } from './sign-in-log';
import { broadcastCardCacheChannel, CardCache } from './sign-in-card-cache';
import { IdbTrustData, MemoryTrustData } from './trust-data';

installErrorTransfer();
// Test builds only (`vite build --mode e2e-usb`, issue 15 §4): every window and worker shares one WebSocket USB
// double, which vite.config.ts puts behind this module; in every other build it does nothing.
installUsbDouble(self, import.meta.env.VITE_UKEY_E2E_USB as string | undefined);

const workerNavigator = self.navigator as Partial<Pick<Navigator, 'usb'>>;
// The one connection of this worker to the app database, shared by every service; the window reads and writes
// through the records service (issue 17 §4). Another tab's upgrade closes it (store/connection.ts).
const openDb = new AppDbConnection().get;
const data = typeof indexedDB === 'undefined' ? new MemoryTrustData() : new IdbTrustData(openDb);
// navigator.smartCard is exposed to windows only: the window that started us relays PC/SC over a port (issue 15 §4).
const smartCard = new RelayedSmartCardSource();
self.addEventListener('message', (event: MessageEvent) => {
  if (isSmartCardRelayOffer(event.data)) smartCard.attach(event.data.port);
});
// Every window and popup has its own worker; they hand a token over on this channel (issue 15 §4).
const handoverPort = broadcastHandoverPort();

expose(
  createDeviceService({
    sources: [...(workerNavigator.usb ? [new WebUsbCcidSource(workerNavigator.usb), new CanoKeySource(workerNavigator.usb)] : []), smartCard],
    loadDemo: loadDemoToken,
    handover: handoverPort ? new TokenHandover(handoverPort) : null,
    // Card facts and certificates by card identity for every worker of the origin (issue 15): a popup's fresh
    // worker signs in with SELECT, one certificate read back, the tries, VERIFY and the signature.
    cardCache: typeof indexedDB === 'undefined' ? null : new CardCache(new IdbCardCacheStore(openDb), broadcastCardCacheChannel()),
    data,
    signInLog: typeof indexedDB === 'undefined' ? new MemorySignInLog() : new IdbSignInLog(openDb),
    ...(typeof indexedDB === 'undefined' ? {} : { renewalJournal: new IdbRenewalJournalStore(openDb), appDb: openDb }),
    // Online-unlock phase records survive a crash or a closed tab (issue 10 §4); in memory only without IndexedDB.
    ...(typeof indexedDB === 'undefined' ? {} : { unlock: { escrowStore: new IdbEscrowRecordStore(openDb), requestStore: new IdbUnlockRequestStore(openDb) } }),
    reporter: {
      buildTime: BUILD_TIME,
      serverTime: () => fetchServerTime(self.location.origin),
      // Only where the browser can fetch at all: https + CORS, never http from an https page (mixed content).
      fetchCrl: createCrlFetcher({ fetch: (url, init) => fetch(url, init), pageProtocol: self.location.protocol, isOnline: () => navigator.onLine }),
    },
  }),
);
