import { describe, expect, it, vi } from 'vitest';
import { askServiceWorkerVersion } from '../../../src/sw/version-client';
import { isSwVersionReply, SW_MESSAGE } from '../../../src/sw/messages';
import { announceUpdateWaiting, onUpdateWaiting } from '../../../src/sw/update-signal';

/** A stand-in for a ServiceWorker: answers GET_VERSION on the transferred port like sw.ts does. */
function fakeWorker(reply: unknown | null): ServiceWorker {
  return {
    postMessage(message: { type: string }, transfer: MessagePort[]) {
      expect(message.type).toBe(SW_MESSAGE.GET_VERSION);
      const port = transfer[0];
      if (reply !== null && port) port.postMessage(reply);
    },
  } as unknown as ServiceWorker;
}

describe('askServiceWorkerVersion', () => {
  it('returns the version the worker answers on the port', async () => {
    expect(await askServiceWorkerVersion(fakeWorker({ type: 'VERSION', version: '1.2.3+x' }))).toBe('1.2.3+x');
  });
  it('returns null for a malformed answer or none in time', async () => {
    expect(await askServiceWorkerVersion(fakeWorker({ type: 'VERSION', version: 7 }))).toBeNull();
    expect(await askServiceWorkerVersion(fakeWorker(null), 50)).toBeNull();
  });
  it('isSwVersionReply accepts only { type: VERSION, version: string }', () => {
    expect(isSwVersionReply({ type: 'VERSION', version: '' })).toBe(true);
    for (const bad of [null, 'VERSION', {}, { type: 'VERSION' }, { type: 'X', version: '1' }]) expect(isSwVersionReply(bad)).toBe(false);
  });
});

describe('update signal', () => {
  it('delivers a waiting update to current and later subscribers, and stops after unsubscribe', () => {
    const early = vi.fn();
    const stop = onUpdateWaiting(early);
    const apply = vi.fn();
    announceUpdateWaiting(apply);
    expect(early).toHaveBeenCalledWith(apply);
    const late = vi.fn();
    onUpdateWaiting(late);
    expect(late).toHaveBeenCalledWith(apply);
    stop();
    announceUpdateWaiting(vi.fn());
    expect(early).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledTimes(2);
  });
});
