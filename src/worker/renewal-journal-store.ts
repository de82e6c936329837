/** Where the worker keeps renewal journals: the app's IndexedDB when there is one (a browser worker), else memory. */
import { MemoryRenewalJournalStore, type RenewalJournalStore } from '../flows/renewal';
import { AppDbConnection, IdbRenewalJournalStore } from '../store';

/** A fallback for callers that pass no journal; the worker entry shares its one connection instead (issue 17 §4). */
export function defaultRenewalJournal(): RenewalJournalStore {
  if (typeof indexedDB === 'undefined') return new MemoryRenewalJournalStore();
  return new IdbRenewalJournalStore(new AppDbConnection().get);
}
