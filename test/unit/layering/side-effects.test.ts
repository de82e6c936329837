import { readFileSync } from 'node:fs';
import { matchesGlob, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Imports across groups go through each package's index (issue 17 §2), so the bundler is told which of our files
 * run code when imported (package.json "sideEffects"): every other file is dropped from a bundle when nothing it
 * exports is used, which keeps an index's unused re-exports (e.g. the X.509 reader behind shared/pki) out of the
 * window's first load. A file that registers something at load (an error class and its texts, a signature family)
 * must be listed, or a production bundle would silently leave the registration out.
 */
const ROOT = resolve(__dirname, '../../..');
const declared = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { sideEffects: string[] }).sideEffects;

/** Top-level statements that run code when the module is imported: a call or assignment, or a bare import. */
export function loadEffects(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return source.statements
    .filter((s) => ts.isExpressionStatement(s) || (ts.isImportDeclaration(s) && s.importClause === undefined))
    .map((s) => s.getText(source).split('\n')[0]!);
}

function listedAsEffectful(file: string): boolean {
  return declared.some((pattern) => matchesGlob(file, pattern.replace(/^\.\//, '')));
}

function sourceFiles(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  return (config?.fileNames ?? [])
    .map((f) => relative(ROOT, f))
    .filter((f) => /^src\/.*\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
}

describe('package.json sideEffects (what the bundler must keep)', () => {
  const files = sourceFiles();

  it('lists every src file that runs code when imported', () => {
    const missing = files.filter((f) => loadEffects(f, readFileSync(resolve(ROOT, f), 'utf8')).length > 0 && !listedAsEffectful(f));
    expect(files.length).toBeGreaterThan(400);
    expect(missing).toEqual([]);
  });

  it('has no pattern that matches nothing', () => {
    const stale = declared.filter((p) => !p.endsWith('.css') && !files.some((f) => matchesGlob(f, p.replace(/^\.\//, ''))));
    expect(stale).toEqual([]);
  });

  it('sees a registration, a bare import and a self-starting entry, and not a declaration', () => {
    expect(loadEffects('a.ts', "import './error-texts';\nexport const x = 1;\n")).toEqual(["import './error-texts';"]);
    expect(loadEffects('b.ts', "registerError('XError', (m) => new Error(m));\n")).toHaveLength(1);
    expect(loadEffects('c.ts', 'void main();\n')).toHaveLength(1);
    expect(loadEffects('d.ts', "import { a } from './a';\nexport const b = a;\nexport class C {}\n")).toEqual([]);
  });
});
