import { FACTORY_DEFAULTS } from '../cards/piv';
import type { SourceDevice } from '../sources';

/**
 * The administrative key the demo token keeps: the emulated card is provisioned and left at its profile's
 * factory value (SP 800-73-4 leaves it to the issuer). Only the demo CA's renewals use it (renewal-service.ts);
 * a real token's key comes from its administrator.
 */
export const DEMO_ADMIN_KEY_HEX: string = FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX;

/** Starts the demo token; the dynamic import makes the virtual token a separate lazy chunk (DESIGN.md §6). */
export async function loadDemoToken(): Promise<SourceDevice> {
  const { createDemoToken } = await import('./demo-device');
  return createDemoToken();
}
