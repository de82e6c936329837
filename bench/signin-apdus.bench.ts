/**
 * Issue 9 §7 and issue 15 "Done when": APDUs one portal sign-in costs the card — the popup's three calls
 * (choices, the chosen key's tries, sign-in: VERIFY + GENERAL AUTHENTICATE) — against OpenSC's
 * `pkcs11-tool --sign` of the same 9A key over pcscd + vpcd, counted by the card itself, side by side in one run:
 * - held: a worker that already holds the token and has listed its certificates;
 * - fresh without cache: a popup's new worker, counted from before it opens the token;
 * - fresh with cache: the same, once another worker of the origin has cached the card by identity (goal ≤ 6:
 *   SELECT, one certificate read back, tries, VERIFY, GENERAL AUTHENTICATE) — on every card kind.
 * Printed, never asserted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchModule } from './run';
import { provisionDemoToken, provisionDemoTokenWithCa } from '../src/virtual/virtual-token/demo';
import { CARD_KINDS, type CardKindId } from '../src/virtual/virtual-token/card-kinds';
import { ensurePcscd, opensslPkcs11Module, runTool, startCard } from '../test/interop/support/virtual-card-env';
import { pause, PIN, popupSignIn, signInWorld } from './signin-world';

type Row = Record<string, string | number>;
const CHALLENGE = 'A'.repeat(43);
/** Short, so a worker done with the token lets it go before the next one opens it. */
const IDLE_MS = 30;

interface Counts {
  readonly held: number;
  readonly freshWithoutCache: number;
  readonly freshWithCache: number;
}

async function countsFor(state: unknown, kind?: CardKindId): Promise<Counts> {
  const world = signInWorld(state, kind);
  try {
    const measure = async (run: () => Promise<unknown>): Promise<number> => {
      const before = world.card.apduCount;
      await run();
      return world.card.apduCount - before;
    };
    const tab = await world.worker({ idleMs: IDLE_MS });
    await popupSignIn(tab, CHALLENGE); // the tab lists the card and fills the origin's cache
    const held = await measure(() => popupSignIn(tab, CHALLENGE));
    await pause(IDLE_MS * 4);
    const freshWithoutCache = await measure(async () => popupSignIn(await world.worker({ cache: false, idleMs: IDLE_MS }), CHALLENGE));
    await pause(IDLE_MS * 4);
    const freshWithCache = await measure(async () => popupSignIn(await world.worker({ idleMs: IDLE_MS }), CHALLENGE));
    return { held, freshWithoutCache, freshWithCache };
  } finally {
    world.close();
  }
}

async function pkcs11ToolApdus(state: unknown): Promise<number | string> {
  await ensurePcscd();
  const card = await startCard({ initialState: state });
  try {
    const count = (): number => Number(readFileSync(card.countPath, 'utf8').trim());
    writeFileSync(join(card.dir, 'msg.bin'), 'portal challenge');
    const before = count();
    const result = await runTool('pkcs11-tool', ['--module', opensslPkcs11Module(), '--login', '--pin', PIN, '--sign', '--id', '01',
      '--mechanism', 'ECDSA-SHA256', '-i', 'msg.bin', '-o', 'sig.bin'], { cwd: card.dir });
    return result.code === 0 ? count() - before : `failed (${result.code})`;
  } finally {
    await card.stop();
  }
}

const bench: BenchModule = {
  title: 'APDUs per sign-in: held / fresh popup worker without and with the card cache vs pkcs11-tool --sign (same 9A key, card counts)',
  async run(): Promise<Row[]> {
    const state = (await provisionDemoToken()).toJSON();
    const demo = await countsFor(state);
    const kinds: Row[] = [];
    for (const kind of CARD_KINDS) {
      const counts = await countsFor((await provisionDemoTokenWithCa(new Date(), kind.id)).card.toJSON(), kind.id);
      kinds.push({ client: `  ${kind.id}: held / fresh without cache / fresh with cache`, apdus: `${counts.held} / ${counts.freshWithoutCache} / ${counts.freshWithCache}` });
    }
    const theirs = await pkcs11ToolApdus(state);
    const ratio = (ours: number): string => (typeof theirs === 'number' ? (ours / theirs).toFixed(2) : 'n/a');
    return [
      { client: 'ukey held worker (choices + tries + VERIFY + sign)', apdus: demo.held },
      { client: 'ukey fresh popup worker, no card cache (open + choices + tries + VERIFY + sign)', apdus: demo.freshWithoutCache },
      { client: 'ukey fresh popup worker, card cached by identity (goal ≤ 6)', apdus: demo.freshWithCache },
      { client: 'OpenSC pkcs11-tool --login --sign', apdus: theirs },
      { client: 'ukey fresh with cache / pkcs11-tool (goal ≤ 0.5)', apdus: ratio(demo.freshWithCache) },
      { client: 'per card kind (issue 15 §1)', apdus: '' },
      ...kinds,
    ];
  },
};

export default bench;
