import type { DeviceService } from '../worker';

/**
 * Loads the driver worker's client on first use: the driver, PKI and virtual token live in the worker and its
 * lazily loaded chunks, never in the main bundle (issue 4 §3 budget). A glob import keeps the shell building
 * even when the worker module is absent.
 */
type ClientModule = { createDriverClient(): unknown };
const clientModules = import.meta.glob<ClientModule>('./driver-client/client.ts');

let driver: Promise<DeviceService> | null = null;

export function loadDriver(): Promise<DeviceService> {
  if (driver) return driver;
  const load = Object.values(clientModules)[0];
  if (!load) return Promise.reject(new Error('driver worker client is not built into this app'));
  driver = load().then((m) => m.createDriverClient() as DeviceService);
  driver.catch(() => {
    driver = null; // a failed load (e.g. offline before the chunk was cached) may succeed later
  });
  return driver;
}
