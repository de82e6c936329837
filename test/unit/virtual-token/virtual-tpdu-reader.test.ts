/**
 * The virtual reader in TPDU mode, byte for byte (CCID Rev 1.1 §5.1, §6.1.4, §6.1.7, §6.2.3, §6.2.6): its class
 * descriptor (TPDU level, automatic clock and baud only, dwProtocols from the token, dwMaxIFSD 254), the
 * engine's ATR at IccPowerOn, SetParameters answered by Parameters, refusals naming the wrong field, ICC_MUTE.
 * Frames are written as hex here, independent of both codecs.
 */
import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../../src/virtual/virtual-token/virtual-usb-device';

const hex = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

async function claimed(options: VirtualUsbDeviceOptions) {
  const device = new VirtualUsbDevice(PivCard.create(), { exchangeLevel: 'tpdu', ...options });
  await device.open();
  await device.selectConfiguration(1);
  await device.claimInterface(0);
  const ask = async (frame: string): Promise<string> => {
    await device.transferOut(1, hex(frame));
    const reply = await device.transferIn(2, 4096);
    return toHex(new Uint8Array(reply.data!.buffer, reply.data!.byteOffset, reply.data!.byteLength));
  };
  return { device, ask };
}

/** The 54-byte CCID class descriptor inside the configuration descriptor (after the 9-byte config and interface). */
async function classDescriptor(device: VirtualUsbDevice): Promise<DataView> {
  await device.open();
  const result = await device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0x0200, index: 0 }, 255);
  const bytes = new Uint8Array(result.data!.buffer, result.data!.byteOffset, result.data!.byteLength);
  return new DataView(bytes.buffer, bytes.byteOffset + 18, 54);
}

describe('virtual CCID reader at TPDU level', () => {
  it.each([
    ['T0', 0x01],
    ['T1', 0x02],
    ['T0+T1', 0x03],
  ] as const)('declares TPDU level, features 00010030, dwProtocols of a %s token, dwMaxIFSD 254', async (protocols, bits) => {
    const view = await classDescriptor(new VirtualUsbDevice(PivCard.create(), { exchangeLevel: 'tpdu', protocols }));
    expect(view.getUint8(1)).toBe(0x21);
    expect(view.getUint32(40, true)).toBe(0x00010030);
    expect(view.getUint32(6, true)).toBe(bits);
    expect(view.getUint32(28, true)).toBe(254);
    expect(view.getUint32(44, true)).toBe(271);
  });

  it('IccPowerOn returns the engine ATR: T=0 then T=1 offered, TA1 13, IFSC FE, BWI/CWI 4D, TCK', async () => {
    const { ask } = await claimed({ protocols: 'T0+T1' });
    // TS 3B; T0 90 (TA1, TD1); TA1 13; TD1 80 (TD2 follows, T=0); TD2 31 (TA3, TB3, T=1); TA3 FE; TB3 4D; TCK 81
    // (XOR of T0…TCK is 0, ISO/IEC 7816-3 §8.2.5).
    expect(await ask('62 00000000 00 01 00 0000')).toBe('80080000000001000000' + '3B901380' + '31FE4D81');
  });

  it('SetParameters T=1 is answered with Parameters echoing the structure; GetParameters returns it', async () => {
    const { ask } = await claimed({ protocols: 'T0+T1' });
    await ask('62 00000000 00 01 00 0000');
    expect(await ask('61 07000000 00 02 01 0000 1310004D00FE00')).toBe('82070000000002000001' + '1310004D00FE00');
    expect(await ask('6C 00000000 00 03 000000')).toBe('82070000000003000001' + '1310004D00FE00');
  });

  it('SetParameters refusals name the field in bError: T=1 on a T=0 token (7), a short structure (1)', async () => {
    const { ask } = await claimed({ protocols: 'T0' });
    await ask('62 00000000 00 01 00 0000');
    expect(await ask('61 07000000 00 02 01 0000 1310004D00FE00')).toBe('82000000000002400701');
    expect(await ask('61 03000000 00 03 00 0000 130000')).toBe('82000000000003400100');
  });

  it('an XfrBlock with wLevelParameter ≠ 0 is refused (8); a PPS is answered; a lost block is ICC_MUTE', async () => {
    const { ask, device } = await claimed({ protocols: 'T1' });
    await ask('62 00000000 00 01 00 0000');
    expect(await ask('6F 04000000 00 02 00 0100 FF1113FD')).toBe('80000000000002400800');
    expect(await ask('6F 04000000 00 03 00 0000 FF1113FD')).toBe('80040000000003000000' + 'FF1113FD');
    device.faults.loseBlocks(1);
    expect(await ask('6F 05000000 00 04 00 0000 00C101FE3E')).toBe('80000000000004' + '40FE00');
    expect(await ask('6F 05000000 00 05 00 0000 00C101FE3E')).toBe('80050000000005000000' + '00E101FE1E');
  });
});
