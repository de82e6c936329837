/**
 * The handover channel (issue 15 §4): what any same-origin context posts on it is checked before it is acted on
 * (property-tested), and an ask ends in one of three bounded outcomes — released, busy, nobody.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHandoverMessage, TokenHandover, type HandoverMessage, type HandoverPort } from '../../../src/worker/token-handover';

const RUNS = 10_000;

/** Every context on one in-memory channel; like BroadcastChannel, a sender does not hear itself. */
function bus() {
  const ports = new Set<{ listeners: Set<(m: HandoverMessage) => void> }>();
  return (): HandoverPort => {
    const me = { listeners: new Set<(m: HandoverMessage) => void>() };
    ports.add(me);
    return {
      post: (message) => {
        for (const other of ports) if (other !== me) for (const l of [...other.listeners]) setTimeout(() => l(message), 0);
      },
      listen: (listener) => {
        me.listeners.add(listener);
        return () => me.listeners.delete(listener);
      },
      close: () => ports.delete(me),
    };
  };
}

const message = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), tokenId: fc.string(), from: fc.string() }),
  fc.record({ kind: fc.constant('released' as const), tokenId: fc.string(), from: fc.string() }),
  fc.record({ kind: fc.constant('holding' as const), tokenId: fc.string(), from: fc.string(), to: fc.string() }),
);

describe('handover messages', () => {
  it('never throws on anything a context may post, and accepts only objects', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const accepted = isHandoverMessage(value);
        if (accepted) expect(typeof value).toBe('object');
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts every well-formed message, extra fields included', () => {
    fc.assert(fc.property(message, fc.dictionary(fc.string(), fc.jsonValue()), (m, extra) => isHandoverMessage({ ...extra, ...m })), { numRuns: RUNS });
  });

  it('refuses a message with an unknown kind, a non-string field, or a holding without its addressee', () => {
    fc.assert(
      fc.property(
        message,
        fc.oneof(fc.constant('kind'), fc.constant('tokenId'), fc.constant('from'), fc.constant('to')),
        fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant('grab')),
        (m, field, bad) => {
          if (field === 'to' && m.kind !== 'holding') return true;
          const broken = { ...m, [field]: field === 'kind' && bad === 'grab' ? 'grab' : bad === 'grab' ? 7 : bad };
          return !isHandoverMessage(broken);
        },
      ),
      { numRuns: RUNS },
    );
    expect(isHandoverMessage({ kind: 'holding', tokenId: 't', from: 'a' })).toBe(false);
  });
});

describe('asking for a token', () => {
  it('nobody holds it: "nobody" after the answer time', async () => {
    const port = bus();
    const asker = new TokenHandover(port(), { answerMs: 30, releaseMs: 1_000, id: 'asker' });
    const started = Date.now();
    expect(await asker.ask('t')).toBe('nobody');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a holder answers and lets go: "released", and only the asked token is let go', async () => {
    const port = bus();
    const holder = new TokenHandover(port(), { id: 'holder' });
    const released: string[] = [];
    holder.hold('t', async () => void released.push('t'));
    holder.hold('u', async () => void released.push('u'));
    const asker = new TokenHandover(port(), { answerMs: 50, releaseMs: 1_000, id: 'asker' });
    expect(await asker.ask('t')).toBe('released');
    expect(released).toEqual(['t']);
  });

  it('a holder that stays busy past the limit: "busy", bounded', async () => {
    const port = bus();
    const holder = new TokenHandover(port(), { id: 'holder' });
    holder.hold('t', () => new Promise(() => undefined));
    const asker = new TokenHandover(port(), { answerMs: 50, releaseMs: 100, id: 'asker' });
    const started = Date.now();
    expect(await asker.ask('t')).toBe('busy');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('an unregistered hold answers nothing', async () => {
    const port = bus();
    const holder = new TokenHandover(port(), { id: 'holder' });
    const unhold = holder.hold('t', async () => undefined);
    unhold();
    expect(await new TokenHandover(port(), { answerMs: 30, id: 'asker' }).ask('t')).toBe('nobody');
  });
});
