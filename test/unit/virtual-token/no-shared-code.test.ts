import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 7 §6: the emulator shares no code with the driver, so a wrong tag, INS or CCID field cannot be wrong
 * on both sides at once. Every runtime import of src/virtual/virtual-token/** must stay inside the emulator, or reach
 * only the error base classes (so the window can rebuild card errors) and the fixed demo CA. Type-only
 * imports carry no code and are allowed.
 */
const ROOT = resolve(__dirname, '../../..');
const EMULATOR = join(ROOT, 'src/virtual/virtual-token');
const ALLOWED_INSIDE_SRC = ['src/virtual/virtual-token', 'src/shared/errors', 'src/virtual/demo-ca'];
const ALLOWED_PACKAGES = /^(node:|@noble\/|@peculiar\/|des\.js$|reflect-metadata$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Specifiers of every import/export-from/dynamic import that loads code at run time. */
function runtimeImports(text: string): string[] {
  // Comments may quote import examples; they load nothing.
  const source = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const staticForm = /^\s*(import|export)\s+(type\s+)?([^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(staticForm)) {
    const typeOnly = match[2] !== undefined || /^\s*\{\s*\}\s*from/.test(match[3] ?? '');
    if (!typeOnly) out.push(match[4]!);
  }
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(match[1]!);
  return out;
}

function forbidden(file: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return !ALLOWED_PACKAGES.test(specifier);
  const target = relative(ROOT, resolve(dirname(file), specifier));
  return !ALLOWED_INSIDE_SRC.some((allowed) => target === allowed || target.startsWith(`${allowed}/`));
}

describe('the virtual token shares no code with the driver (issue 7 §6)', () => {
  it('no file of src/virtual/virtual-token imports the driver (apdu, piv, usb-driver, bytes, worker …) at run time', () => {
    const files = sourceFiles(EMULATOR);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((specifier) => forbidden(file, specifier))
        .map((specifier) => `${relative(ROOT, file)} → ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the scanner itself catches each import form (so the test above can fail)', () => {
    const file = join(EMULATOR, 'x.ts');
    const caught = (source: string): string[] => runtimeImports(source).filter((s) => forbidden(file, s));
    expect(caught("import { SW } from '../apdu/status-words';")).toEqual(['../apdu/status-words']);
    expect(caught("export { INS } from '../piv/constants';")).toEqual(['../piv/constants']);
    expect(caught("import '../usb-driver/ccid-codec';")).toEqual(['../usb-driver/ccid-codec']);
    expect(caught("const m = await import('../bytes/concat-bytes');")).toEqual(['../bytes/concat-bytes']);
    expect(caught("import {\n  a,\n  b,\n} from '../worker/x';")).toEqual(['../worker/x']);
    expect(caught("import lodash from 'lodash';")).toEqual(['lodash']);
    expect(caught("/** e.g. `await import('../apdu')` */\n// import '../piv/x';")).toEqual([]);
    expect(caught("import type { UsbLike } from '../usb-driver/usb-like';")).toEqual([]);
    expect(caught("import { x } from './card-codec';\nimport { y } from '../../shared/errors/ukey-error';")).toEqual([]);
  });
});
