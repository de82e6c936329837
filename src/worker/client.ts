/**
 * The window's handle on the driver worker. Installs the error transfer first, so a WrongPinError thrown in
 * the worker arrives here as a WrongPinError with its attemptsRemaining.
 */
import { wrap, type Remote } from 'comlink';
import type { DeviceService } from './device-service-api';
import { installErrorTransfer } from './error-transfer';

export function createDriverClient(): Remote<DeviceService> {
  installErrorTransfer();
  const worker = new Worker(new URL('./driver-worker.ts', import.meta.url), { type: 'module', name: 'ukey-driver' });
  return wrap<DeviceService>(worker);
}
