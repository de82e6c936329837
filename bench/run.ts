/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn and prints their figures side by side.
 * Figures are printed, never asserted (DESIGN.md §8).
 */
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchModule {
  /** Short title printed above the figures. */
  title: string;
  /** Runs the measurement and returns rows to print (name → value). */
  run(): Promise<Array<Record<string, string | number>>>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of files) {
  const mod = (await import(join(here, file))) as { default: BenchModule };
  process.stdout.write(`\n## ${mod.default.title} (${file})\n`);
  try {
    const rows = await mod.default.run();
    console.table(rows);
  } catch (error) {
    process.stdout.write(`  could not run: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
