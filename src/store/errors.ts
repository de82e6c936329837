import { registerError } from '../shared/errors/error-registry';
import { UKeyError } from '../shared/errors/ukey-error';
import type { GuideId } from '../ui/guides/guide-ids';

/** IndexedDB cannot be opened (private window, storage disabled, quota): the app runs without saving. */
export class StorageUnavailableError extends UKeyError {
  override readonly name = 'StorageUnavailableError';
  readonly guideId: GuideId = 'storage-problem';
  /** DOMException name from the browser, e.g. "InvalidStateError". */
  readonly reason: string;

  constructor(reason: string, message = `IndexedDB unavailable: ${reason}`) {
    super(message);
    this.reason = reason;
  }

  override toFields(): Record<string, string> {
    return { reason: this.reason };
  }
}
registerError('StorageUnavailableError', (m, f) => new StorageUnavailableError(String(f.reason ?? ''), m));

/** A stored record failed its shape check; it is skipped and its token re-read. */
export class CorruptRecordError extends UKeyError {
  override readonly name = 'CorruptRecordError';
  readonly guideId: GuideId = 'storage-problem';
  readonly store: string;
  readonly key: string;

  constructor(store: string, key: string, message = `corrupt record in ${store}: ${key}`) {
    super(message);
    this.store = store;
    this.key = key;
  }

  override toFields(): Record<string, string> {
    return { store: this.store, key: this.key };
  }
}
registerError('CorruptRecordError', (m, f) => new CorruptRecordError(String(f.store ?? ''), String(f.key ?? ''), m));
