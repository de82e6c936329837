// Review defect 11: every CA POST of the unlock flow has its own time limit. A CA that accepts the connection
// and never answers must end the exchange with a retryable UnlockTransferError (the fake fetch below only ever
// settles when the request's AbortSignal fires; the limit is injected, so nothing here waits on wall time).
import { describe, expect, it } from 'vitest';
import type { CmpTransaction } from '../../../src/shared/cmp/client/transaction';
import { UnlockTransferError } from '../../../src/flows/unlock/errors';
import { exchangeWithCa } from '../../../src/worker/unlock-ca-port';

const tx = { transactionId: new Uint8Array(16), lastSenderNonce: new Uint8Array(), certReqId: 0, recipient: new Uint8Array() } satisfies CmpTransaction;

describe('unlock CA port', () => {
  it('gives each POST an AbortSignal with a time limit; a CA that never answers is a retryable transfer error', async () => {
    const signals: AbortSignal[] = [];
    const silentCa: typeof fetch = (_input, init) =>
      new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        if (!signal) return; // no limit: this request would hang for ever
        signals.push(signal);
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const options = { caUrl: 'http://127.0.0.1:9/.well-known/cmp', caCertificate: new Uint8Array(), caCmpCertificate: new Uint8Array(), fetch: silentCa, requestTimeoutMs: 1 };
    const first = exchangeWithCa(options, new Uint8Array([0x30, 0]), tx);
    const second = exchangeWithCa(options, new Uint8Array([0x30, 0]), tx);
    await expect(first).rejects.toMatchObject({ name: 'UnlockTransferError', retryable: true });
    await expect(second).rejects.toBeInstanceOf(UnlockTransferError);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]); // one limit per request, not one for the whole flow
  });
});
