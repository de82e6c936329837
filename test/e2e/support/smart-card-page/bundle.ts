/**
 * Bundles fake-entry.ts (the fake Web Smart Card API with its PIV card) into one classic script for
 * `BrowserContext.addInitScript`, with vite's own build API (no other bundler): an IIFE, nothing written to disk.
 */
import { join } from 'node:path';
import { build, type Rollup } from 'vite';
import { REPO_ROOT } from '../preview-server';

export async function fakeSmartCardScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: REPO_ROOT,
    build: {
      write: false,
      minify: false,
      lib: { entry: join(REPO_ROOT, 'test/e2e/support/smart-card-page/fake-entry.ts'), formats: ['iife'], name: 'UKeyFakeSmartCard', fileName: 'fake-smart-card' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error('the fake smart card did not bundle');
  return chunk.code;
}
