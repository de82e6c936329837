/** Where the worker keeps renewal journals: the app's IndexedDB when there is one (a browser worker), else memory. */
import { MemoryRenewalJournalStore, type RenewalJournalStore } from '../flows/renewal/journal';
import { openAppDb, type UKeyDb } from '../store/db';
import { IdbRenewalJournalStore } from '../store/renewal-journal';

export function defaultRenewalJournal(): RenewalJournalStore {
  if (typeof indexedDB === 'undefined') return new MemoryRenewalJournalStore();
  let db: Promise<UKeyDb> | null = null;
  return new IdbRenewalJournalStore(() => (db ??= openAppDb({ onVersionChange: () => (db = null) })));
}
