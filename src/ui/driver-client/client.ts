/**
 * The window's handle on the driver worker. Installs the error transfer first, so a WrongPinError thrown in
 * the worker arrives here as a WrongPinError with its attemptsRemaining. A crashed or stuck worker is replaced
 * on the next call (resilient-driver.ts).
 */
import { wrap } from 'comlink';
import { DriverCrashedError, installErrorTransfer, type DeviceService } from '../../worker';
import '../window-errors';
import { resilientDriver, type DriverInstance } from './resilient-driver';
import { offerSmartCardRelay } from './smart-card-relay';

function startWorker(): DriverInstance {
  const worker = new Worker(new URL('../../worker/driver-worker.ts', import.meta.url), { type: 'module', name: 'ukey-driver' });
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', () => reject(new DriverCrashedError('start')));
    worker.addEventListener('messageerror', () => reject(new DriverCrashedError('message')));
  });
  crashed.catch(() => undefined); // observed by each call's race; never an unhandled rejection
  offerSmartCardRelay(worker); // navigator.smartCard is window-only: the worker reaches PC/SC readers through us
  // wrap() gives `remote.tokens.open(…)` as a call of the path tokens.open on the worker's endpoint (api-surface.ts).
  return { service: wrap<DeviceService>(worker) as unknown as DeviceService, crashed, terminate: () => worker.terminate() };
}

export function createDriverClient(): DeviceService {
  installErrorTransfer();
  return resilientDriver(startWorker);
}
