/**
 * The CCID messages of a TPDU-level link, byte for byte (CCID Rev 1.1 §6.1.4, §6.1.7; ISO/IEC 7816-3 §9, §11):
 * IccPowerOn, PPS in an XfrBlock, SetParameters, S(IFS request), then blocks with wLevelParameter 0 and bBWI
 * set after S(WTX); ICC_MUTE and XFR_PARITY_ERROR recovered by the T=1 engine; a failed PPS means a cold reset.
 */
import { describe, expect, it } from 'vitest';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { CcidTimeoutError } from '../../../src/usb-driver/errors';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { FIXTURE_INS, FixtureCard, hex, toHex } from './fixtures/fixture-card';

const ECHO_CAFE = hex(`00${FIXTURE_INS.echo.toString(16)}000002CAFE00`);

/** Opens a TPDU-level virtual reader and logs every bulk OUT frame (copied before the link wipes it). */
async function open(options: VirtualUsbDeviceOptions, before?: (device: VirtualUsbDevice) => void) {
  const device = new VirtualUsbDevice(new FixtureCard(), { exchangeLevel: 'tpdu', ...options });
  const usb = new VirtualUsb();
  usb.plug(device);
  const frames: string[] = [];
  const transferOut = device.transferOut.bind(device);
  device.transferOut = (endpoint: number, data: BufferSource) => {
    frames.push(toHex(new Uint8Array(data as ArrayBuffer)));
    return transferOut(endpoint, data);
  };
  before?.(device);
  const transport = await CcidTransport.open(device, { usb });
  return { device, transport, frames };
}

/** The header of an XfrBlock (type, dwLength, slot, seq, bBWI, wLevelParameter) and its data. */
const xfr = (frame: string): { bwi: string; level: string; data: string } => ({ bwi: frame.slice(14, 16), level: frame.slice(16, 20), data: frame.slice(20) });

describe('CcidTransport at TPDU level: the CCID messages', () => {
  it('T=1: IccPowerOn, PPS, SetParameters, S(IFS request) 254, then I-blocks with wLevelParameter 0', async () => {
    const { transport, frames } = await open({ protocols: 'T0+T1' });
    expect(frames.map((f) => f.slice(0, 2))).toEqual(['62', '6F', '61', '6F']);
    // PPS: PPSS FF, PPS0 11 (PPS1 follows, T=1), PPS1 13 (TA1), PCK FD (ISO/IEC 7816-3 §9.2).
    expect(xfr(frames[1]!)).toEqual({ bwi: '00', level: '0000', data: 'FF1113FD' });
    // §6.1.7 T=1: Fi/Di 13, TCCKS 10 (LRC, direct), guard 00, BWI/CWI 4D, clock stop 00, IFSC FE, NAD 00.
    expect(frames[2]).toBe('61070000000002010000' + '1310004D00FE00');
    // S(IFS request) with IFSD 254 (§11.4.2): NAD 00, PCB C1, LEN 01, FE, LRC 3E.
    expect(xfr(frames[3]!).data).toBe('00C101FE3E');
    expect(toHex(await transport.exchange(ECHO_CAFE))).toBe('CAFE9000');
    expect(xfr(frames[4]!)).toMatchObject({ bwi: '00', level: '0000' });
    expect(xfr(frames[4]!).data.slice(0, 6)).toBe('000008');
    await transport.close();
  });

  it('T=0: PPS naming T=0, SetParameters with the T=0 structure, no IFS', async () => {
    const { transport, frames } = await open({ protocols: 'T0' });
    expect(frames.map((f) => f.slice(0, 2))).toEqual(['62', '6F', '61']);
    expect(xfr(frames[1]!).data).toBe('FF1013FC');
    // §6.1.7 T=0: Fi/Di 13, TCCKS 00, guard 00, WI 0A, clock stop 00.
    expect(frames[2]).toBe('61050000000002000000' + '1300000A00');
    expect(toHex(await transport.exchange(ECHO_CAFE))).toBe('CAFE9000');
    await transport.close();
  });

  it('T=1 S(WTX): the block that answers it carries bBWI = the multiplier (CCID §6.1.4)', async () => {
    const { transport, frames } = await open({ protocols: 'T1', t1: { waitingTimeExtension: (command) => (command[1] === FIXTURE_INS.echo ? 3 : 0) } });
    const before = frames.length;
    expect(toHex(await transport.exchange(ECHO_CAFE))).toBe('CAFE9000');
    const sent = frames.slice(before).map(xfr);
    // I-block (bBWI 0), S(WTX response) with INF 03 and bBWI 3.
    expect(sent.map((f) => f.bwi)).toEqual(['00', '03']);
    expect(sent[1]!.data.slice(0, 8)).toBe('00E30103');
    await transport.close();
  });

  it('ICC_MUTE and XFR_PARITY_ERROR become R-blocks and the command still completes once', async () => {
    const { transport, device, frames } = await open({ protocols: 'T1' });
    let executed = 0;
    const transmit = device.card.transmit.bind(device.card);
    device.card.transmit = (apdu: Uint8Array) => {
      executed++;
      return transmit(apdu);
    };
    for (const fault of [() => device.faults.loseBlocks(1), () => device.faults.parityErrors(1), () => device.faults.corruptBlocks(1)]) {
      fault();
      const before = frames.length;
      executed = 0;
      expect(toHex(await transport.exchange(ECHO_CAFE))).toBe('CAFE9000');
      expect(executed).toBe(1);
      // An R-block (PCB 10x0 xxxx, §11.3.2.2) went out: the T=1 engine's error recovery, not a resend of the APDU.
      expect(frames.slice(before).map(xfr).some((f) => (parseInt(f.data.slice(2, 4), 16) & 0xc0) === 0x80)).toBe(true);
    }
    await transport.close();
  });

  it('a PPS the card never answers: IccPowerOff, IccPowerOn, then T=1 at the default Fi/Di (ISO/IEC 7816-3 §9.3)', async () => {
    const { transport, frames } = await open({ protocols: 'T1' }, (device) => device.faults.loseBlocks(1));
    expect(frames.map((f) => f.slice(0, 2))).toEqual(['62', '6F', '63', '62', '61', '6F']);
    expect(xfr(frames[1]!).data).toBe('FF1113FD');
    // The plan in force after the reset: no second PPS, Fd/Dd.
    expect(transport.describe()).toMatchObject({ tpdu: { protocol: 'T=1', fiDi: '11', pps: null } });
    expect(frames[4]!.slice(20, 22)).toBe('11');
    expect(toHex(await transport.exchange(ECHO_CAFE))).toBe('CAFE9000');
    await transport.close();
  });

  it('a card that never answers: the host timeout (BWT-based, CCID ABORT sent) throws, typed', async () => {
    const { transport, device } = await open({ protocols: 'T1' });
    device.faults.silence(1);
    await expect(transport.exchange(ECHO_CAFE)).rejects.toBeInstanceOf(CcidTimeoutError);
    await transport.close();
  });
});
