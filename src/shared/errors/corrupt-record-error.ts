import type { GuideId } from './guide-ids';
import { registerError } from './error-registry';
import { UKeyError } from './ukey-error';
import './error-texts';

/**
 * A stored record failed its shape check; it is skipped and its token re-read. Shared by the store and the
 * flows whose records it keeps (a flow checks the shape of what it reads back, issue 17 §1: no flows → store).
 */
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
