import { VirtualCardStatusError } from './errors';

export { VirtualCardStatusError };

/** Shorthand used by handlers: answer `sw` (ISO 7816-4 §5.1.3) and stop. */
export function reject(sw: number, why?: string): never {
  throw new VirtualCardStatusError(sw, why);
}
