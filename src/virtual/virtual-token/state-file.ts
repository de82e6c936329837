/**
 * Node-only file I/O for the card state (the CLI's --state FILE). Writes are atomic — a temporary file in the
 * same directory, then rename — so a crash or kill mid-write never leaves a truncated state file.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PivCard, type PivCardOptions } from './piv-card';

export async function saveCardState(card: PivCard, file: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(card.toJSON(), null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Loads the card saved in `file`, or makes a factory-fresh one when the file does not exist yet. */
export async function loadCardState(file: string, options: PivCardOptions = {}): Promise<PivCard> {
  if (!existsSync(file)) return PivCard.create(options);
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  return PivCard.fromJSON(json, options);
}

/**
 * Saves after every state change, one write at a time, coalescing bursts (a PIN change and a counter reset
 * in one command produce one write). `flush()` resolves when everything noted so far is on disk.
 */
export function autoSave(card: PivCard, file: string, onError: (error: unknown) => void): { flush(): Promise<void> } {
  let dirty = false;
  let running: Promise<void> = Promise.resolve();
  const loop = async (): Promise<void> => {
    while (dirty) {
      dirty = false;
      await saveCardState(card, file).catch(onError);
    }
  };
  card.onStateChange(() => {
    if (dirty) return;
    dirty = true;
    running = running.then(loop);
  });
  return { flush: () => running };
}
