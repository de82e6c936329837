import { describe, expect, it } from 'vitest';
import { DeviceBusyError, DeviceDisconnectedError } from '../../../src/usb-driver/device-errors';
import { ExchangeGuard } from '../../../src/usb-driver/exchange-guard';

/** The one-exchange rule every transport shares (issue 17 §4): busy, gone and closed are told apart. */
describe('ExchangeGuard', () => {
  it('runs one exchange; a second caller meanwhile gets DeviceBusyError, and the next one runs', async () => {
    const guard = new ExchangeGuard('Token A');
    let finish!: (value: Uint8Array) => void;
    const first = guard.run(null, () => new Promise<Uint8Array>((resolve) => (finish = resolve)));
    expect(guard.busy).toBe(true);
    await expect(guard.run(null, () => Promise.resolve(new Uint8Array([0x90, 0x00])))).rejects.toBeInstanceOf(DeviceBusyError);
    finish(new Uint8Array([0x90, 0x00]));
    await expect(first).resolves.toEqual(new Uint8Array([0x90, 0x00]));
    expect(guard.busy).toBe(false);
    await expect(guard.run(null, () => Promise.resolve(new Uint8Array([0x6a, 0x82])))).resolves.toEqual(new Uint8Array([0x6a, 0x82]));
  });

  it('a failed exchange frees the link too', async () => {
    const guard = new ExchangeGuard('Token A');
    await expect(guard.run(null, () => Promise.reject(new Error('stall')))).rejects.toThrow('stall');
    expect(guard.busy).toBe(false);
  });

  it('a gone device is refused with its own error, before any work starts', async () => {
    const guard = new ExchangeGuard('Token A');
    const gone = new DeviceDisconnectedError('Token A');
    let started = false;
    await expect(guard.run(gone, async () => ((started = true), new Uint8Array()))).rejects.toBe(gone);
    expect(started).toBe(false);
  });

  it('close waits for the exchange in flight, even a failing one, then refuses every later exchange', async () => {
    const guard = new ExchangeGuard('Token A');
    let fail!: (error: Error) => void;
    const first = guard.run(null, () => new Promise<Uint8Array>((_, reject) => (fail = reject)));
    first.catch(() => undefined);
    let closed = false;
    const closing = guard.close().then(() => (closed = true));
    await Promise.resolve();
    expect(closed).toBe(false);
    fail(new Error('pulled out'));
    await closing;
    expect(closed).toBe(true);
    await expect(guard.run(null, () => Promise.resolve(new Uint8Array()))).rejects.toBeInstanceOf(DeviceDisconnectedError);
  });
});
