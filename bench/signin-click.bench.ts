/**
 * Issue 15 "Done when": sign-in time from click to verified login with the app tab open. One run is the whole
 * portal path in Node, timed with performance.now(): the portal issues a challenge (the relying-party verifier's
 * issueChallenge), the sign popup's fresh driver worker asks the app tab's worker for the token (handover over a
 * BroadcastChannel), lists the choices, reads the tries and signs on the emulated card (virtual USB CCID), and
 * the verifier checks the envelope (chain to the demo CA, origin, challenge, signature). Beside it, the same key
 * signed by OpenSC's `pkcs11-tool --login --sign` over pcscd + vpcd, process start to exit. Median of several runs;
 * the emulated card answers at once, so rows with a fixed delay per card reply show what each APDU costs on a
 * real key. No human in the loop. Printed, never asserted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TOKEN_ID } from '../src/sources/demo-source';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../src/servers/verifier';
import { provisionDemoTokenWithCa } from '../src/virtual/virtual-token/demo';
import { ensurePcscd, opensslPkcs11Module, runTool, startCard } from '../test/interop/support/virtual-card-env';
import type { BenchModule } from './run';
import { pause, PIN, PORTAL, popupSignIn, signInWorld, type SignInWorld } from './signin-world';

type Row = Record<string, string | number>;
const RUNS = 15;
/** A popup closes its window after the login; here its worker lets go soon instead (WebUSB releases on close). */
const POPUP_IDLE_MS = 50;
/** A token's time per reply (USB round trip and card processing), to show what the APDU count costs on a real key. */
const REPLY_MS = 20;

interface Timing {
  readonly ms: number;
  readonly apdus: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Click → verified login, the app tab holding the token; `cache`: the popup's worker has the origin's card cache. */
async function clickToLogin(world: SignInWorld, caCertificate: Uint8Array, cache: boolean): Promise<Timing[]> {
  const tab = await world.worker(); // the app's idle time (2 s): it still holds the token at each click
  const store = new MemoryChallengeStore();
  const timings: Timing[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await tab.pin.getPinStatus(DEMO_TOKEN_ID); // the tab took the token back and holds it
    const apdus = world.card.apduCount;
    const start = performance.now();
    const { challenge } = await issueChallenge(store, { sessionId: `s${run}` });
    const popup = await world.worker({ cache, idleMs: POPUP_IDLE_MS });
    const envelope = await popupSignIn(popup, challenge);
    await verifyLogin({ response: envelope, store, sessionId: `s${run}`, expectedOrigins: [PORTAL], trust: [caCertificate] });
    const ms = performance.now() - start;
    if (run > 0) timings.push({ ms, apdus: world.card.apduCount - apdus }); // run 0 warms up (and fills the cache)
    await pause(POPUP_IDLE_MS * 3);
  }
  return timings;
}

async function pkcs11ToolMs(state: unknown): Promise<number[] | string> {
  await ensurePcscd();
  const card = await startCard({ initialState: state });
  try {
    writeFileSync(join(card.dir, 'msg.bin'), 'portal challenge');
    const times: number[] = [];
    for (let run = 0; run <= 5; run++) {
      const start = performance.now();
      const result = await runTool('pkcs11-tool', ['--module', opensslPkcs11Module(), '--login', '--pin', PIN, '--sign', '--id', '01',
        '--mechanism', 'ECDSA-SHA256', '-i', 'msg.bin', '-o', 'sig.bin'], { cwd: card.dir });
      if (result.code !== 0) return `failed (${result.code})`;
      if (run > 0) times.push(performance.now() - start);
    }
    return times;
  } finally {
    await card.stop();
  }
}

const bench: BenchModule = {
  title: `sign-in time, click to verified login with the app tab open (median of ${RUNS}, emulated card) vs pkcs11-tool --sign`,
  async run(): Promise<Row[]> {
    const { card, caCertificate } = await provisionDemoTokenWithCa();
    const state = card.toJSON();
    const rows: Row[] = [];
    for (const [cache, delay] of [[true, 0], [false, 0], [true, REPLY_MS], [false, REPLY_MS]] as const) {
      const world = signInWorld(state, undefined, delay);
      try {
        const timings = await clickToLogin(world, caCertificate, cache);
        const ms = timings.map((t) => t.ms);
        rows.push({
          path: `ukey: challenge → popup worker (handover${cache ? ', card cache' : ', no cache'}${delay ? `, ${delay} ms per card reply` : ''}) → verifier`,
          'median ms': median(ms).toFixed(1),
          'min–max ms': `${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)}`,
          'APDUs (median)': median(timings.map((t) => t.apdus)),
        });
      } finally {
        world.close();
      }
    }
    const theirs = await pkcs11ToolMs(state);
    rows.push(
      typeof theirs === 'string'
        ? { path: 'OpenSC pkcs11-tool --login --sign (pcscd + vpcd)', 'median ms': theirs, 'min–max ms': '', 'APDUs (median)': '' }
        : { path: 'OpenSC pkcs11-tool --login --sign (pcscd + vpcd), process start to exit', 'median ms': median(theirs).toFixed(1),
          'min–max ms': `${Math.min(...theirs).toFixed(1)}–${Math.max(...theirs).toFixed(1)}`, 'APDUs (median)': 'see signin-apdus' },
    );
    return rows;
  },
};

export default bench;
