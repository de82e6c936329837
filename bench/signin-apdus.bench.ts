/**
 * Issue 9 §7: APDUs one portal sign-in costs the card — our worker (certificate choice, tries shown, VERIFY,
 * GENERAL AUTHENTICATE) against OpenSC's `pkcs11-tool --sign` of the same 9A key over pcscd + vpcd — counted by
 * the card itself, side by side in one run. Printed, never asserted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchModule } from './run';
import { DEMO_TOKEN_ID } from '../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../src/sources/webusb-ccid-source';
import { provisionDemoToken } from '../src/virtual/virtual-token/demo';
import { PivCard } from '../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../src/worker/device-service';
import { ensurePcscd, opensslPkcs11Module, runTool, startCard } from '../test/interop/support/virtual-card-env';

type Row = Record<string, string | number>;
const PIN = '123456';

/**
 * One whole sign-in through the worker service, as the popup drives it; the card counts the APDUs. `fresh`: a
 * popup's new worker, counted from before it opens the token (issue 15 "Done when": ≤ 6 once certificates are
 * cached by card identity); otherwise from after the open, as a worker that already holds the token.
 */
async function oursPerSignIn(state: unknown, fresh = false): Promise<number> {
  const card = PivCard.fromJSON(state);
  const device = new VirtualUsbDevice(card, { serialNumber: 'BENCH' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const service = createDeviceService({
    sources: [],
    loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true)),
  });
  const opening = card.apduCount;
  await service.tokens.startDemoToken();
  const before = fresh ? opening : card.apduCount;
  const [choice] = await service.signIn.signInChoices();
  await service.pin.getPinStatus(choice!.tokenId);
  await service.signIn.signIn({ tokenId: choice!.tokenId, slot: choice!.slot, request: { t: 'ukey:get', v: 1, challenge: 'A'.repeat(43) }, origin: 'https://portal.example.cn', pin: PIN });
  return card.apduCount - before;
}

const bench: BenchModule = {
  title: 'APDUs per sign-in: our worker vs pkcs11-tool --sign (same 9A key, card counts)',
  async run(): Promise<Row[]> {
    const state = (await provisionDemoToken()).toJSON();
    const ours = await oursPerSignIn(state);
    const fresh = await oursPerSignIn(state, true);
    await ensurePcscd();
    const card = await startCard({ initialState: state });
    try {
      const count = (): number => Number(readFileSync(card.countPath, 'utf8').trim());
      writeFileSync(join(card.dir, 'msg.bin'), 'portal challenge');
      const before = count();
      const result = await runTool('pkcs11-tool', ['--module', opensslPkcs11Module(), '--login', '--pin', PIN, '--sign', '--id', '01',
        '--mechanism', 'ECDSA-SHA256', '-i', 'msg.bin', '-o', 'sig.bin'], { cwd: card.dir });
      const theirs = result.code === 0 ? count() - before : `failed (${result.code})`;
      return [
        { client: 'ukey worker sign-in (choices + tries + VERIFY + sign)', apdus: ours },
        { client: 'ukey fresh popup worker (open + choices + tries + VERIFY + sign; goal ≤ 6)', apdus: fresh },
        { client: 'OpenSC pkcs11-tool --login --sign', apdus: theirs },
        { client: 'ukey / pkcs11-tool (goal ≤ 0.5)', apdus: typeof theirs === 'number' ? (ours / theirs).toFixed(2) : 'n/a' },
      ];
    } finally {
      await card.stop();
    }
  },
};

export default bench;
