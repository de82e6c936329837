import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

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
export { CorruptRecordError } from '../shared/errors';

/**
 * Another tab of an older version holds the app's database open and did not let go when this worker asked to
 * upgrade it (W3C IndexedDB 3.0 §5.1 "open a database", the `blocked` event): the call ends here instead of
 * waiting for that tab forever.
 */
export class DatabaseBlockedError extends UKeyError {
  override readonly name = 'DatabaseBlockedError';
  readonly guideId: GuideId = 'app-update';

  constructor(message = 'the app database is held open by an older version in another tab') {
    super(message);
  }
}
registerError('DatabaseBlockedError', (m) => new DatabaseBlockedError(m));

/**
 * A newer version of the app (another tab) upgraded the database: this worker closed its connection so that
 * upgrade could go on (IndexedDB 3.0 §2.7 `versionchange`), and its own older schema can no longer open it.
 */
export class DatabaseUpgradedError extends UKeyError {
  override readonly name = 'DatabaseUpgradedError';
  readonly guideId: GuideId = 'app-update';

  constructor(message = 'the app database was upgraded by a newer version in another tab') {
    super(message);
  }
}
registerError('DatabaseUpgradedError', (m) => new DatabaseUpgradedError(m));
