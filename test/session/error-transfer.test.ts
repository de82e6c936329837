import { expose, wrap, type Endpoint } from 'comlink';
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { NotSupportedError } from '../../src/shared/errors/common-errors';
import { PinFormatError } from '../../src/cards/piv/errors';
import { installErrorTransfer } from '../../src/worker/error-transfer';

/** A tiny service that throws and returns errors, across a MessageChannel like the worker boundary. */
const service = {
  async wrongPin(): Promise<void> {
    throw new WrongPinError(1);
  },
  async plain(): Promise<void> {
    throw new TypeError('not ours');
  },
  async thrownString(): Promise<void> {
    throw 'a string';
  },
  async returnsError(): Promise<NotSupportedError> {
    return new NotSupportedError('GET METADATA', 'no metadata');
  },
  async pinFormat(): Promise<void> {
    throw new PinFormatError('PUK', 'too-long', 6, 8);
  },
};

function remote() {
  installErrorTransfer();
  installErrorTransfer(); // idempotent: a second install must not wrap the handler twice
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  return { api: wrap<typeof service>(channel.port2 as unknown as Endpoint), close: () => (channel.port1.close(), channel.port2.close()) };
}

describe('comlink error transfer', () => {
  it('rebuilds thrown UKeyErrors as their real class with typed fields', async () => {
    const { api, close } = remote();
    try {
      const wrong = await api.wrongPin().catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(WrongPinError);
      expect(wrong).toMatchObject({ attemptsRemaining: 1, sw: 0x63c1, guideId: 'wrong-pin' });
      const format = await api.pinFormat().catch((e: unknown) => e);
      expect(format).toBeInstanceOf(PinFormatError);
      expect(format).toMatchObject({ kind: 'PUK', reason: 'too-long', minLength: 6, maxLength: 8, guideId: 'pin-policy' });
    } finally {
      close();
    }
  });

  it("keeps comlink's behaviour for other thrown values", async () => {
    const { api, close } = remote();
    try {
      const plain = await api.plain().catch((e: unknown) => e);
      expect(plain).toBeInstanceOf(Error);
      expect(plain).toMatchObject({ name: 'TypeError', message: 'not ours' });
      expect(await api.thrownString().catch((e: unknown) => e)).toBe('a string');
    } finally {
      close();
    }
  });

  it("returns UKeyErrors as values through the 'ukey-error' handler", async () => {
    const { api, close } = remote();
    try {
      const value = await api.returnsError();
      expect(value).toBeInstanceOf(NotSupportedError);
      expect(value.feature).toBe('GET METADATA');
    } finally {
      close();
    }
  });
});
