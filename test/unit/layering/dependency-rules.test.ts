import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 17 §2: the dependency rule of src/ is one dependency-cruiser config (.dependency-cruiser.cjs), checked
 * here on the real tree and, so the check can fail, on a small tree that breaks each kind of rule.
 */
const ROOT = resolve(__dirname, '../../..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly unknown[];
}

function cruise(cwd: string): { violations: Violation[]; modules: number } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.stdout.trim() === '') throw new Error(`depcruise printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

const scratch = mkdtempSync(join(tmpdir(), 'ukey-layering-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 't-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { moduleResolution: 'Bundler', module: 'ESNext' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the dependency rule (issue 17 §2)', () => {
  it('src/ has no cycle and no import outside its group allowlist', () => {
    const { violations, modules } = cruise(ROOT);
    expect(modules).toBeGreaterThan(400);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 120_000);

  it('catches each kind of break (so the check above can fail)', () => {
    const dir = tree({
      'src/apdu/status.ts': 'export const SW_OK = 0x9000;\n',
      'src/apdu/redaction.ts': 'export interface RedactionPolicy { readonly secret: boolean }\n',
      'src/apdu/index.ts': "export { SW_OK } from './status';\nexport type { RedactionPolicy } from './redaction';\n",
      'src/usb-driver/ccid.ts': "import type { RedactionPolicy } from '../apdu';\nexport const p: RedactionPolicy | null = null;\n",
      'src/virtual/card.ts': "import { SW_OK } from '../apdu';\nexport const ok = SW_OK;\n",
      'src/shared/pki/clock.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/servers/portal/a.ts': "import { w } from '../../worker/w';\nexport const a = w;\n",
      'src/worker/w.ts': "import { b } from './x';\nexport const w = b;\n",
      'src/worker/x.ts': "import { w } from './w';\nexport const b = 1;\nexport const again = () => w;\n",
      'src/ui/save.ts': "import { join } from 'node:path';\nexport const where = join;\n",
      'src/cards/piv/ok.ts': "import { SW_OK } from '../../apdu';\nexport const fine = SW_OK;\n",
      // Across groups only through a package's index (issue 17 §2): the same import, past the index, breaks it.
      'src/cards/piv/deep.ts': "import { SW_OK } from '../../apdu/status';\nexport const deep = SW_OK;\n",
      'src/flows/renewal/index.ts': "export { step } from './machine';\n",
      'src/flows/renewal/machine.ts': "export const step = 'start';\n",
      'src/store/journal.ts': "import { step } from '../flows/renewal';\nexport const first = step;\n",
      // A test double reaches a test build through vite.config.ts, never through an import from src/.
      'test/e2e/double.ts': 'export const double = 1;\n',
      'src/ui/boot.ts': "import { double } from '../../test/e2e/double';\nexport const d = double;\n",
      // Issue 17 §4: only the worker opens the app database; the window may name record types, nothing more.
      'src/store/db.ts': 'export interface Rec { readonly id: string }\nexport const openAppDb = (): Promise<Rec> => Promise.resolve({ id: "x" });\n',
      'src/store/index.ts': "export { openAppDb, type Rec } from './db';\n",
      'src/ui/snapshot.ts': "import { openAppDb } from '../store';\nexport const load = openAppDb;\n",
      'src/ui/view.ts': "import type { Rec } from '../store';\nexport const none: Rec | null = null;\n",
    });
    const broken = cruise(dir).violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(broken).toEqual([
      'across-groups-through-an-index: src/cards/piv/deep.ts → src/apdu/status.ts',
      'across-groups-through-an-index: src/servers/portal/a.ts → src/worker/w.ts',
      'browser-code-has-no-node: src/ui/save.ts → path',
      'no-circular: src/worker/w.ts → src/worker/x.ts',
      'only-allowed-from-servers: src/servers/portal/a.ts → src/worker/w.ts',
      'only-allowed-from-usb-driver: src/usb-driver/ccid.ts → src/apdu/index.ts',
      'only-allowed-from-virtual: src/virtual/card.ts → src/apdu/index.ts',
      'shared-runs-everywhere: src/shared/pki/clock.ts → fs',
      'src-never-imports-test: src/ui/boot.ts → test/e2e/double.ts',
      'ui-never-opens-the-store: src/ui/snapshot.ts → src/store/index.ts',
    ]);
  }, 120_000);
});
