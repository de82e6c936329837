// The outbox's pure state machine (issue 10 §3) under random sequences of events from two senders (two tabs, or
// an old and a new service worker): fetch answered / 5xx / 429 + Retry-After / 4xx / network error / crash
// mid-send / time passing far beyond the CA's message window / acknowledgement. Invariants hold after every step.
// Issue 15 §3: an entry never ends for lack of an answer — not when its window passes, not after many attempts —
// so a user offline for a week still has the request; only the CA (an answer) or a refusal ends it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../../src/sw/outbox/classify';
import type { OutboxEntry, OutboxPolicy } from '../../../src/sw/outbox/entry';
import { canRemove, claim, createEntry, isTerminal, settle } from '../../../src/sw/outbox/state-machine';

const POLICY: OutboxPolicy = { baseDelayMs: 1_000, maxDelayMs: 8_000, fetchTimeoutMs: 2_000, leaseMs: 3_000 };
const SENDERS = ['sw-a', 'sw-b'] as const;
type Sender = (typeof SENDERS)[number];

const CMP = { 'content-type': 'application/pkixcmp' };
const outcomeArb: fc.Arbitrary<{ outcome: AttemptOutcome; label: string }> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => ({ label: 'ok', outcome: { kind: 'response', status: 200, headers: CMP, body: b.slice().buffer } as AttemptOutcome })),
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => ({ label: 'cmp-error', outcome: { kind: 'response', status: 400, headers: CMP, body: b.slice().buffer } as AttemptOutcome })),
  fc.constantFrom(500, 502, 503, 504, 408).map((status) => ({ label: '5xx', outcome: { kind: 'response', status, headers: {}, body: new ArrayBuffer(0) } as AttemptOutcome })),
  fc.integer({ min: 0, max: 20 }).map((s) => ({ label: '429', outcome: { kind: 'response', status: 429, headers: { 'retry-after': String(s) }, body: new ArrayBuffer(0) } as AttemptOutcome })),
  fc.constantFrom(400, 403, 404, 415).map((status) => ({ label: '4xx', outcome: { kind: 'response', status, headers: { 'content-type': 'text/plain' }, body: new ArrayBuffer(1) } as AttemptOutcome })),
  fc.constant({ label: 'network', outcome: { kind: 'network', detail: 'TypeError: Failed to fetch' } as AttemptOutcome }),
);

type Command =
  | { t: 'claim'; s: Sender; online: boolean }
  | { t: 'complete'; s: Sender; outcome: AttemptOutcome; label: string; random: number }
  | { t: 'crash'; s: Sender }
  | { t: 'advance'; ms: number }
  | { t: 'ack' };

const senderArb = fc.constantFrom(...SENDERS);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ s: senderArb, online: fc.boolean() }).map(({ s, online }) => ({ t: 'claim' as const, s, online })),
  fc.record({ s: senderArb, o: outcomeArb, random: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ s, o, random }) => ({ t: 'complete' as const, s, outcome: o.outcome, label: o.label, random })),
  senderArb.map((s) => ({ t: 'crash' as const, s })),
  fc.integer({ min: 1, max: 6_000 }).map((ms) => ({ t: 'advance' as const, ms })),
  // Days offline: far past any message window.
  fc.integer({ min: 60_000, max: 7 * 86_400_000 }).map((ms) => ({ t: 'advance' as const, ms })),
  fc.constant({ t: 'ack' as const }),
);

function bytes(buffer: ArrayBuffer): number[] {
  return [...new Uint8Array(buffer)];
}

describe('outbox state machine: random event sequences (fast-check, 10,000 runs)', () => {
  it('keeps one fetch in flight, the body unchanged, never ends an entry without an answer or a refusal, and lets it go only then', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1_000, max: 60_000 }),
        fc.array(commandArb, { maxLength: 60 }),
        (bodyBytes, window, commands) => {
          const original = [...bodyBytes];
          let entry: OutboxEntry | null = createEntry({
            url: 'https://ca.example/.well-known/cmp', body: bodyBytes.slice().buffer, contentType: 'application/pkixcmp',
            transactionIdHex: 'ab'.repeat(16), bodySha256Hex: 'cd'.repeat(32), createdAt: 0, expiresAt: window,
          });
          const key = entry.idempotencyKey;
          let now = 0;
          const inflight = new Map<Sender, number>();
          let answeredWith: number[] | null = null;
          let lastAnswerBody: number[] | null = null;

          const apply = (next: OutboxEntry, cmd: string): void => {
            if (entry && isTerminal(entry)) expect(next, `terminal state changed by ${cmd}`).toBe(entry);
            entry = next;
          };
          const completeAt = (s: Sender, outcome: AttemptOutcome, at: number, random: number): void => {
            const before = entry!;
            const next = settle(before, s, outcome, at, random, POLICY);
            if (outcome.kind === 'response' && outcome.status === 429 && before.state === 'sending' && before.lease?.owner === s && next.state === 'queued') {
              // Retry-After honoured (seconds), also past the message window (the CA judges a late message).
              expect(next.nextAttemptAt).toBe(at + Number(outcome.headers['retry-after']) * 1000);
            }
            if (next.state === 'answered' && before.state !== 'answered') lastAnswerBody = bytes((outcome as { body: ArrayBuffer }).body);
            apply(next, 'settle');
          };

          for (const cmd of commands) {
            if (entry === null) break;
            switch (cmd.t) {
              case 'claim': {
                if (inflight.has(cmd.s)) break;
                const r = claim(entry, now, cmd.s, POLICY, { networkBack: cmd.online });
                // Time alone never ends an entry: claiming a waiting one sends it, waits, or finds it busy.
                expect(r.kind).not.toBe('ended');
                if (r.kind === 'send') {
                  expect(entry.state === 'queued' || entry.state === 'sending').toBe(true);
                  apply(r.entry, 'claim');
                  inflight.set(cmd.s, now);
                }
                break;
              }
              case 'complete':
                if (inflight.has(cmd.s)) {
                  inflight.delete(cmd.s);
                  completeAt(cmd.s, cmd.outcome, now, cmd.random);
                }
                break;
              case 'crash':
                inflight.delete(cmd.s);
                break;
              case 'advance': {
                now += cmd.ms;
                // AbortSignal.timeout ends a fetch before its lease ends (fetchTimeoutMs < leaseMs).
                for (const [s, startedAt] of [...inflight]) {
                  if (startedAt + POLICY.fetchTimeoutMs <= now) {
                    inflight.delete(s);
                    completeAt(s, { kind: 'network', detail: 'TimeoutError' }, startedAt + POLICY.fetchTimeoutMs, 0.5);
                  }
                }
                break;
              }
              case 'ack':
                if (canRemove(entry)) {
                  expect(['answered', 'failed']).toContain(entry.state);
                  if (entry.state === 'answered') answeredWith = bytes(entry.response!.body);
                  if (entry.state !== 'answered') expect(entry.lastError).not.toBeNull();
                  entry = null;
                }
                break;
            }
            if (entry === null) break;
            const current: OutboxEntry = entry;
            // At most one fetch in flight, and it is the lease holder's.
            expect(inflight.size).toBeLessThanOrEqual(1);
            for (const s of inflight.keys()) {
              expect(current.state).toBe('sending');
              expect(current.lease?.owner).toBe(s);
              expect(current.lease!.until).toBeGreaterThan(now);
            }
            // The request never changes.
            expect(bytes(current.body)).toEqual(original);
            expect(current.idempotencyKey).toBe(key);
            if (current.state === 'answered') expect(bytes(current.response!.body)).toEqual(lastAnswerBody);
            // The only end without an answer is a refusal that did not come from the CA's CMP (a 4xx page).
            expect(current.state).not.toBe('expired');
            if (current.state === 'failed') expect(current.lastError?.code).toBe('http-refused');
            if (current.state === 'queued' || current.state === 'failed') expect(current.lease).toBeNull();
          }
          if (answeredWith !== null) expect(answeredWith).toEqual(lastAnswerBody);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('outbox state machine: a connectivity signal', () => {
  const base = createEntry({
    url: 'https://ca.example/', body: new Uint8Array([1]).buffer, contentType: 'application/pkixcmp',
    transactionIdHex: '01', bodySha256Hex: '02', createdAt: 0, expiresAt: 600_000,
  });
  const sent = (e: OutboxEntry): OutboxEntry => {
    const r = claim(e, 0, 'sw', POLICY);
    if (r.kind !== 'send') throw new Error(r.kind);
    return r.entry;
  };

  it('ends the backoff after a network error, but never a server\'s Retry-After', () => {
    const afterNetwork = settle(sent(base), 'sw', { kind: 'network', detail: 'offline' }, 10, 1, POLICY);
    expect(claim(afterNetwork, 20, 'sw', POLICY)).toEqual({ kind: 'wait', at: afterNetwork.nextAttemptAt });
    expect(claim(afterNetwork, 20, 'sw', POLICY, { networkBack: true }).kind).toBe('send');
    const after429 = settle(sent(base), 'sw', { kind: 'response', status: 429, headers: { 'retry-after': '30' }, body: new ArrayBuffer(0) }, 10, 1, POLICY);
    expect(claim(after429, 20, 'sw', POLICY, { networkBack: true })).toEqual({ kind: 'wait', at: 30_010 });
  });
});
