/** The worker's records service over a given (fake) IndexedDB factory, as the window's model reaches it. */
import { AppDbConnection } from '../../src/store/connection';
import { RecordsService } from '../../src/worker/records-service';
import type { RecordsApi } from '../../src/worker/records-api';

export function recordsOn(factory: IDBFactory, now?: () => Date): () => Promise<RecordsApi> {
  const records = new RecordsService(new AppDbConnection({ factory }).get, now);
  return async () => records;
}
