import { registerError } from '../shared/errors/error-registry';
import { UKeyError } from '../shared/errors/ukey-error';
import type { GuideId } from '../shared/errors/guide-ids';

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

/** Defined in shared/errors so the flows that check their own records need not import the store. */
export { CorruptRecordError } from '../shared/errors/corrupt-record-error';
