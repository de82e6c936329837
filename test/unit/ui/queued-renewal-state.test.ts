/**
 * Issue 16 §2 / UX walk finding 5: a renewal waiting for the CA shows on the key's card, and the app tells
 * "CA 暂时无法访问" (a network error while the computer is online) apart from "电脑离线" (navigator.onLine false).
 */
import { describe, expect, it } from 'vitest';
import { queuedRenewalState } from '../../../src/ui/renewal/queued-renewal-state';
import type { OutboxEntrySummary } from '../../../src/sw/client';
import type { RenewalStatus } from '../../../src/worker/renewal-api';

const CA = 'http://127.0.0.1:8829/.well-known/cmp';

function renewal(over: Partial<RenewalStatus> = {}): RenewalStatus {
  return {
    id: 'r1', tokenId: 'demo', tokenSerial: '1', mainKeyRef: 0x9a, newKeyRef: 0x82, step: 'request-built', stepNumber: 3, stepCount: 11,
    activeKeyRef: null, roleKeyRef: 0x9a, newCertificate: null, failure: null, checkAfter: null,
    waiting: { retryAfterSeconds: null, reason: 'queued in the outbox' }, caUrl: CA, createdAt: '2026-12-06T00:00:00Z', updatedAt: '2026-12-06T00:00:00Z',
    ...over,
  };
}

function entry(over: Partial<OutboxEntrySummary> = {}): OutboxEntrySummary {
  return {
    id: 'e1', url: CA, transactionIdHex: 'aa', state: 'queued', createdAt: 1, expiresAt: 2, attempts: 1, nextAttemptAt: 3,
    lastError: { code: 'network', status: null, detail: 'Failed to fetch', at: 1 }, answerStatus: null, answeredAt: null,
    ...over,
  };
}

describe('queuedRenewalState', () => {
  it('a network error while online: the CA is unreachable', () => {
    expect(queuedRenewalState(renewal(), [entry()], true)?.kind).toBe('ca-unreachable');
  });

  it('offline: the computer is offline, whatever the last error', () => {
    expect(queuedRenewalState(renewal(), [entry()], false)?.kind).toBe('offline');
    expect(queuedRenewalState(renewal(), [entry({ lastError: null })], false)?.kind).toBe('offline');
  });

  it('queued with no error yet, or being sent: waiting for the CA', () => {
    expect(queuedRenewalState(renewal(), [entry({ lastError: null })], true)?.kind).toBe('waiting');
    expect(queuedRenewalState(renewal(), [entry({ state: 'sending' })], true)?.kind).toBe('waiting');
  });

  it('the CA answered 5xx/429 (retried): still "CA unreachable" for the clerk', () => {
    expect(queuedRenewalState(renewal(), [entry({ lastError: { code: 'http-retry', status: 503, detail: 'HTTP 503', at: 1 } })], true)?.kind).toBe('ca-unreachable');
  });

  it('nothing queued: a finished, failed or never-started renewal shows nothing; nor another CA’s entry', () => {
    expect(queuedRenewalState(null, [entry()], true)).toBeNull();
    expect(queuedRenewalState(renewal({ step: 'done', waiting: null }), [entry()], true)).toBeNull();
    expect(queuedRenewalState(renewal({ step: 'failed', waiting: null }), [], true)).toBeNull();
    expect(queuedRenewalState(renewal({ waiting: null }), [entry({ url: 'https://other.example/cmp' })], true)).toBeNull();
  });

  it('a renewal told to wait whose entry is already answered is not "queued" (the card then says to insert the key)', () => {
    expect(queuedRenewalState(renewal(), [entry({ state: 'answered', lastError: null })], true)).toBeNull();
  });

  it('waiting for the CA review (checkAfter in the future) is not a network wait', () => {
    expect(queuedRenewalState(renewal({ step: 'waiting', checkAfter: '2999-01-01T00:00:00Z' }), [], true)).toBeNull();
  });
});
