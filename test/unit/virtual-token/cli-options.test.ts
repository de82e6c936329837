import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/virtual-token-command';

afterEach(() => vi.restoreAllMocks());

describe('ukey virtual-token argument checks', () => {
  for (const args of [[], ['--port', '99999', '--vpcd'], ['--vpcd', '--pin-retries', '0'], ['--vpcd', '--state'], ['--vpcd', '--bogus']]) {
    it(`refuses ${JSON.stringify(args)} with exit code 2 and the usage line`, async () => {
      const written: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      expect(await run(args)).toBe(2);
      expect(written.join('')).toMatch(/usage: ukey virtual-token --vpcd/);
    });
  }
});
