/**
 * Issue 2 §6: how many APDUs each client needs to show every certificate and the PIN tries left on a token
 * holding 4 certificates (the demo token: 9A, 9C, 9D and retired 82). OpenSC and yubico-piv-tool talk to the
 * vpcd card through pcscd; the card itself counts what it receives. Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BenchModule } from './run';
import { provisionDemoToken } from '../src/virtual/virtual-token/demo';
import { PivCard } from '../src/virtual/virtual-token/piv-card';
import { ensurePcscd, runTool, startCard } from '../test/interop/support/virtual-card-env';

type Row = Record<string, string | number>;

function missingTool(): string | null {
  for (const tool of ['pcscd', 'pkcs15-tool', 'yubico-piv-tool', 'opensc-tool']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return tool;
    }
  }
  return null;
}

/** Our driver (PivSession over the virtual USB CCID device), if that stack is in the tree. */
async function ourDriverCount(state: unknown): Promise<number | string> {
  try {
    const [{ PivSession }, { CcidTransport }, { VirtualUsb }, { VirtualUsbDevice }] = await Promise.all([
      import('../src/cards/piv/session'),
      import('../src/usb-driver/ccid-transport'),
      import('../src/virtual/virtual-token/virtual-usb-bus'),
      import('../src/virtual/virtual-token/virtual-usb-device'),
    ]);
    const card = PivCard.fromJSON(state);
    const device = new VirtualUsbDevice(card);
    const usb = new VirtualUsb();
    usb.plug(device);
    const session = await PivSession.open(await CcidTransport.open(device, { usb }));
    const certificates = await session.listCertificates();
    await session.getPinStatus();
    await session.close();
    return certificates.length === 4 ? card.apduCount : `n/a (listed ${certificates.length} certificates)`;
  } catch (error) {
    return `n/a (${error instanceof Error ? error.message : String(error)})`;
  }
}

const bench: BenchModule = {
  title: 'APDUs to list 4 certificates + PIN tries left',
  async run(): Promise<Row[]> {
    const state = (await provisionDemoToken()).toJSON();
    const ours = await ourDriverCount(state);
    const missing = missingTool();
    if (missing) return [{ client: 'ukey PivSession', apdus: ours }, { client: 'OpenSC / yubico-piv-tool', apdus: `skipped: ${missing} not installed` }];
    try {
      await ensurePcscd();
    } catch (error) {
      return [{ client: 'ukey PivSession', apdus: ours }, { client: 'OpenSC / yubico-piv-tool', apdus: `skipped: pcscd unavailable (${String(error)})` }];
    }
    const card = await startCard({ initialState: state });
    try {
      const count = (): number => Number(readFileSync(card.countPath, 'utf8').trim());
      const measure = async (file: string, args: string[]): Promise<number | string> => {
        const before = count();
        const result = await runTool(file, args, { cwd: card.dir });
        return result.code === 0 ? count() - before : `failed (${result.code})`;
      };
      const opensc = await measure('pkcs15-tool', ['-D']);
      const yubico = await measure('yubico-piv-tool', ['-r', 'Virtual PCD', '-a', 'status']);
      const ratio = typeof ours === 'number' && typeof opensc === 'number' ? (ours / opensc).toFixed(2) : 'n/a';
      return [
        { client: 'ukey PivSession (certificates + PIN status)', apdus: ours },
        { client: 'OpenSC pkcs15-tool -D', apdus: opensc },
        { client: 'yubico-piv-tool -a status', apdus: yubico },
        { client: 'ukey / OpenSC (goal ≤ 0.5)', apdus: ratio },
      ];
    } finally {
      await card.stop();
    }
  },
};

export default bench;
