// Entries an earlier version ended without an answer ('expired' after the message window, 'failed' after too many
// attempts) are user data, not failures (issue 15 §3): the renewal's transfer queues the same bytes again and the
// CA judges them; the renewal is not failed.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutboxDb } from '../../../src/sw/outbox/db';
import { createEntry } from '../../../src/sw/outbox/state-machine';
import { describeOutbox, useOutboxFactory } from '../../../src/sw/client';
import { outboxSend } from '../../../src/worker/renewal-outbox-send';

const TID = '5a'.repeat(16);
const URL_ = 'https://ca.example/.well-known/cmp';

afterEach(() => useOutboxFactory(undefined));

async function storedByOldVersion(state: 'expired' | 'failed', body: Uint8Array): Promise<void> {
  const factory = new IDBFactory();
  useOutboxFactory(factory);
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', body.slice())).toString('hex');
  const old = createEntry({ url: URL_, body: body.slice().buffer, contentType: 'application/pkixcmp', transactionIdHex: TID, bodySha256Hex: digest, createdAt: 1_000, expiresAt: 601_000 });
  const code = state === 'expired' ? ('expired' as const) : ('too-many-attempts' as const);
  const db = await openOutboxDb({ factory });
  await db.put('entries', { ...old, state, attempts: 30, lastError: { code, status: null, detail: 'old version', at: 601_000 } });
  db.close();
}

describe('entries ended by an older version without an answer', () => {
  for (const state of ['expired', 'failed'] as const) {
    it(`${state}: the same request is queued again and the renewal waits instead of failing`, async () => {
      const body = new Uint8Array([0x30, 0x03, 0x02, 0x01, state === 'expired' ? 1 : 2]);
      await storedByOldVersion(state, body);
      const result = await outboxSend({ quiet: true })(URL_, body, TID);
      expect(result.kind).toBe('retry');
      const [entry] = await describeOutbox();
      expect(entry).toMatchObject({ state: 'queued', attempts: 0, transactionIdHex: TID });
    });
  }
});
