/**
 * Test helpers: hex in/out, and a scripted reader that checks every block the engine sends against the
 * expected bytes and answers with the scripted reply (null = the card stays mute).
 */
import { expect } from 'vitest';
import { fromHex, toHex } from '../../../src/apdu/hex';

export const hex = (text: string): Uint8Array => fromHex(text.replace(/\s+/g, ''));
export const show = (bytes: Uint8Array): string => toHex(bytes);

export interface ScriptedCall {
  readonly sent: string;
  readonly timeoutMs: number;
  readonly multiplier: number;
}

/** Steps of [expected bytes sent, reply]; the engine must send exactly these, in order. */
export function scriptedLink(steps: readonly (readonly [string, string | null])[]) {
  const calls: ScriptedCall[] = [];
  let index = 0;
  const exchange = async (block: Uint8Array, timeoutMs: number, multiplier = 1): Promise<Uint8Array | null> => {
    const step = steps[index++];
    calls.push({ sent: show(block), timeoutMs, multiplier });
    if (!step) throw new Error(`unexpected extra block ${show(block)}`);
    expect(show(block), `block ${index}`).toBe(show(hex(step[0])));
    return step[1] === null ? null : hex(step[1]);
  };
  return {
    exchange,
    calls,
    /** All steps were used. */
    finished: (): boolean => index === steps.length,
  };
}
