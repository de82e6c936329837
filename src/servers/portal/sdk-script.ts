/**
 * The portal SDK as browser JavaScript: src/servers/portal-sdk/ukey-sign-in.ts with its types removed (it has no imports,
 * so a plain transpile is the whole build). Done once at start-up.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SDK_SOURCE = fileURLToPath(new URL('../portal-sdk/ukey-sign-in.ts', import.meta.url));

export function portalSdkJavaScript(): string {
  const source = readFileSync(SDK_SOURCE, 'utf8');
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, removeComments: false },
  }).outputText;
}
