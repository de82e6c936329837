/**
 * CCID link cost, printed, never asserted (issue 2 §6): APDU exchanges per second straight into the card,
 * as raw CCID frames on the virtual USB device, and through CcidTransport (bSeq, timeouts, busy guard).
 * The worker/PIV benchmark compares the whole stack against the "raw virtual device" row.
 */
import { encodePcToRdr } from '../src/usb-driver/ccid-codec';
import { CcidTransport } from '../src/usb-driver/ccid-transport';
import type { SmartCard } from '../src/virtual-token/smart-card';
import { VirtualUsb } from '../src/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual-token/virtual-usb-device';

type Row = Record<string, string | number>;
const EXCHANGES = 3000;
/** GET DATA-sized command; the card answers 256 bytes + 9000 like a certificate chunk. */
const COMMAND = Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x05, 0x5c, 0x03, 0x5f, 0xc1, 0x05, 0x00);
const RESPONSE = new Uint8Array(258).fill(0x30);
RESPONSE.set([0x90, 0x00], 256);

const card: SmartCard = {
  atr: Uint8Array.of(0x3b, 0x02, 0x14, 0x50),
  powerOn: async () => card.atr,
  powerOff: async () => undefined,
  transmit: async () => RESPONSE,
};

async function rate(label: string, exchange: () => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < 200; i++) await exchange();
  const start = performance.now();
  for (let i = 0; i < EXCHANGES; i++) await exchange();
  const ms = performance.now() - start;
  return { path: label, exchanges: EXCHANGES, 'exchanges/s': Math.round((EXCHANGES / ms) * 1000), 'µs/exchange': Math.round((ms / EXCHANGES) * 1000) };
}

export default {
  title: 'CCID transport over the virtual USB token',
  async run(): Promise<Row[]> {
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(card);
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb });
    const direct = await rate('SmartCard.transmit', () => card.transmit(COMMAND));
    let seq = 0x40;
    const raw = await rate('raw virtual device (XfrBlock frames)', async () => {
      seq = (seq + 1) & 0xff;
      await device.transferOut(1, encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq, bwi: 0, levelParameter: 0, data: COMMAND }));
      await device.transferIn(2, 3082);
    });
    const viaTransport = await rate('CcidTransport.exchange', () => transport.exchange(COMMAND));
    await transport.close();
    const ratio = Number(raw['µs/exchange']) > 0 ? Number(viaTransport['µs/exchange']) / Number(raw['µs/exchange']) : 0;
    return [direct, raw, viaTransport, { path: 'transport ÷ raw device', ratio: Math.round(ratio * 100) / 100 }];
  },
};
