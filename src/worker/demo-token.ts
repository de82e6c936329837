import type { SourceDevice } from '../sources/device-source';

/** Starts the demo token; the dynamic import makes the virtual token a separate lazy chunk (DESIGN.md §6). */
export async function loadDemoToken(): Promise<SourceDevice> {
  const { createDemoToken } = await import('./demo-device');
  return createDemoToken();
}
