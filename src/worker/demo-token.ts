import type { ReachableToken } from './token-directory';

/** Starts the demo token; the dynamic import makes the virtual token a separate lazy chunk (DESIGN.md §6). */
export async function loadDemoToken(): Promise<ReachableToken> {
  const { createDemoToken } = await import('./demo-device');
  return createDemoToken();
}
