/**
 * The CanoKey source against the emulator (issue 18 §1): every state of the key's WebUSB state machine as the
 * host sees it, busy (CCID owns the buffer), the ~2 s buffer hold and the keepalive that keeps it, disconnect,
 * timeouts with bounded polling, protocol faults, the pairing filter, and the capture with the PIN redacted.
 */
import { describe, expect, it } from 'vitest';
import { PIV_REDACTION_POLICY } from '../../../src/cards/piv/redaction-policy';
import { PivSession } from '../../../src/cards/piv/session';
import { CanoKeySource } from '../../../src/sources/canokey/canokey-source';
import { CanoKeyBusyError, CanoKeyProtocolError, CanoKeyTimeoutError } from '../../../src/sources/canokey/canokey-errors';
import { canokeyPairingFilter, findWebInterface } from '../../../src/sources/canokey/canokey-device';
import { CanoKeyTransport } from '../../../src/sources/canokey/canokey-transport';
import { CANOKEY_REQUEST, pollDelays, vendorRequest } from '../../../src/sources/canokey/canokey-protocol';
import { WebUsbCcidSource } from '../../../src/sources/webusb-ccid-source';
import { DeviceBusyError, DeviceDisconnectedError } from '../../../src/usb-driver/device-errors';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { UsbCapture } from '../../../src/usb-driver/usbpcap';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualCanoKey } from '../../../src/virtual/canokey/virtual-canokey';
import { VirtualCanoKeyBus } from '../../../src/virtual/canokey/virtual-canokey-bus';
import { BUFFER_HOLD_MS, WEBUSB_STATE } from '../../../src/virtual/canokey/webusb-buffer-state';
import { canokeyStack, countRequests, hex, SELECT_PIV, toHex } from './canokey-stack';
import { errorText } from '../../../src/shared/errors/error-text-registry';

const WEB = 1;
const statusOf = async (key: VirtualCanoKey): Promise<number> => {
  const reply = await key.controlTransferIn(vendorRequest(CANOKEY_REQUEST.STATUS, WEB), 1);
  return reply.data!.getUint8(0);
};
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const VERIFY_DEFAULT_PIN = hex('0020008008313233343536FFFF');

describe('CanoKey web interface: the command/status/response cycle', () => {
  it('walks idle → processing → response ready → holding buffer, and the host reads the card’s answer', async () => {
    const { key, transport } = await canokeyStack();
    key.faults.processingDelayMs = 40;
    expect(await statusOf(key)).toBe(WEBUSB_STATE.IDLE); // 0xFF: int8 −1 in the firmware
    const pending = transport.exchange(SELECT_PIV);
    await pause(10);
    expect(key.buffer.state).toBe(WEBUSB_STATE.PROCESS);
    const response = await pending;
    expect(toHex(response.subarray(-2))).toBe('9000');
    expect(response[0]).toBe(0x61); // the application property template (SP 800-73-4 Part 2 §3.1.1)
    expect(await statusOf(key)).toBe(WEBUSB_STATE.HOLD_BUF);
    expect(key.buffer.owner).toBe('webusb');
    await transport.close();
  });

  it('a response request before the answer is ready is stalled by the key, and so is a command mid-cycle', async () => {
    const { key } = await canokeyStack();
    key.faults.processingDelayMs = 30;
    expect((await key.controlTransferIn(vendorRequest(CANOKEY_REQUEST.RESPONSE, WEB), 1340)).status).toBe('stall');
    expect((await key.controlTransferOut(vendorRequest(CANOKEY_REQUEST.COMMAND, WEB), SELECT_PIV)).status).toBe('ok');
    expect((await key.controlTransferOut(vendorRequest(CANOKEY_REQUEST.COMMAND, WEB), SELECT_PIV)).status).toBe('stall');
    await pause(60);
    expect(await statusOf(key)).toBe(WEBUSB_STATE.SENDING_RESP);
  });

  it('polls with growing pauses: a quick command costs few status reads', async () => {
    const { key, transport } = await canokeyStack();
    const counts = countRequests(key);
    await transport.exchange(SELECT_PIV);
    expect(counts.get(CANOKEY_REQUEST.COMMAND)).toBe(1);
    expect(counts.get(CANOKEY_REQUEST.RESPONSE)).toBe(1);
    expect(counts.get(CANOKEY_REQUEST.STATUS)!).toBeGreaterThanOrEqual(1);
    expect(counts.get(CANOKEY_REQUEST.STATUS)!).toBeLessThanOrEqual(8);
  });

  it('regression (canokey-core firmware run): the PIV session opens although the key refuses SELECT with extended Le 0000', async () => {
    const { key, transport } = await canokeyStack();
    // What the key itself does with that SELECT, sent raw (observed on canokey-core 26dc6e8 built locally).
    await key.controlTransferOut(vendorRequest(CANOKEY_REQUEST.COMMAND, WEB), hex('00A40400000009A000000308000010000000'));
    await pause(5);
    const raw = await key.controlTransferIn(vendorRequest(CANOKEY_REQUEST.RESPONSE, WEB), 1340);
    expect(toHex(new Uint8Array(raw.data!.buffer, raw.data!.byteOffset, raw.data!.byteLength))).toBe('6700');
    // Our processor asks for "everything" (Le 0000) on an extended link; the transport fits Le to the key's buffer.
    const session = await PivSession.open(transport);
    expect(session.applicationProperties[0]).toBe(0x61);
  });

  it('a command shorter than an APDU header gets 6700 from the key (build_capdu), not a hang', async () => {
    const { transport } = await canokeyStack();
    expect(toHex(await transport.exchange(hex('00A4')))).toBe('6700');
  });

  it('refuses a command longer than the 1340-byte buffer before any transfer', async () => {
    const { key, transport } = await canokeyStack();
    const counts = countRequests(key);
    await expect(transport.exchange(new Uint8Array(1341))).rejects.toBeInstanceOf(NotSupportedError);
    expect(counts.size).toBe(0);
  });

  it('one exchange at a time: a second caller gets DeviceBusyError', async () => {
    const { key, transport } = await canokeyStack();
    key.faults.processingDelayMs = 20;
    const first = transport.exchange(SELECT_PIV);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceBusyError);
    expect(toHex((await first).subarray(-2))).toBe('9000');
  });
});

describe('CanoKey web interface: busy and the buffer hold', () => {
  it('busy: while CCID owns the buffer the command is stalled → CanoKeyBusyError in the user’s words', async () => {
    const { key, transport } = await canokeyStack();
    expect(key.ccidAcquireBuffer()).toBe(true);
    const error = await transport.exchange(SELECT_PIV).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanoKeyBusyError);
    expect((error as CanoKeyBusyError).guideId).toBe('device-busy');
    expect(errorText('CanoKeyBusyError', 'zh-CN')!.cause).toContain('这支 UKEY 正被其他程序使用');
    expect(errorText('CanoKeyBusyError', 'en')!.cause).toContain('in use by another program');
    key.ccidReleaseBuffer();
    expect(toHex((await transport.exchange(SELECT_PIV)).subarray(-2))).toBe('9000');
  });

  it('after a response the key holds its buffer for the web side; ~2 s without a request frees it for CCID', async () => {
    let now = 0;
    const { key, transport } = await canokeyStack({ key: { now: () => now } });
    await transport.exchange(SELECT_PIV);
    expect(key.ccidAcquireBuffer()).toBe(false);
    now += BUFFER_HOLD_MS; // exactly 2000 ms: still held (the firmware tests "> 2000")
    expect(key.ccidAcquireBuffer()).toBe(false);
    now += 1;
    expect(key.ccidAcquireBuffer()).toBe(true);
    expect(key.buffer.state).toBe(WEBUSB_STATE.IDLE);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(CanoKeyBusyError);
  });

  it('keepalive: status reads while idle keep the hold past 2 s; closing stops them and the key frees its buffer', async () => {
    let now = 0;
    const { key, transport } = await canokeyStack({ key: { now: () => now }, link: { keepaliveMs: 5 } });
    await transport.exchange(SELECT_PIV);
    for (let i = 0; i < 4; i++) {
      now += 1500;
      await pause(25); // a few keepalive periods: each status read refreshes the key's idle clock
    }
    expect(key.ccidAcquireBuffer()).toBe(false); // 6 s after the response, still ours
    await transport.close();
    now += BUFFER_HOLD_MS + 1;
    expect(key.ccidAcquireBuffer()).toBe(true);
  });
});

describe('CanoKey web interface: disconnect, timeout, protocol faults', () => {
  it('an unplug during an exchange rejects it with DeviceDisconnectedError, heard once; later calls fail the same', async () => {
    const { key, bus, transport } = await canokeyStack();
    key.faults.processingDelayMs = 50;
    let heard = 0;
    transport.onDisconnect(() => heard++);
    const pending = transport.exchange(SELECT_PIV);
    await pause(10);
    bus.unplug(key);
    await expect(pending).rejects.toBeInstanceOf(DeviceDisconnectedError);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(transport.isDisconnected).toBe(true);
    expect(heard).toBe(1);
    await transport.close(); // no throw on a gone device
  });

  it('a transfer to a vanished device (no event) is typed as a disconnect too', async () => {
    const { key, transport } = await canokeyStack();
    key.detach(); // the browser has not delivered the event yet; the transfer fails with NotFoundError
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceDisconnectedError);
  });

  it('a key stuck processing ends in CanoKeyTimeoutError after a bounded number of status reads', async () => {
    const { key, transport } = await canokeyStack({ link: { timeoutMs: 120, maxPollMs: 20 } });
    key.faults.neverAnswer = true;
    const counts = countRequests(key);
    const started = Date.now();
    const error = await transport.exchange(SELECT_PIV).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanoKeyTimeoutError);
    expect((error as CanoKeyTimeoutError).seconds).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(counts.get(CANOKEY_REQUEST.STATUS)).toBe(pollDelays(120, 1, 20).length + 1);
    expect(errorText('CanoKeyTimeoutError', 'zh-CN')!.cause).toContain('{seconds}');
  });

  it('an unknown status byte is a CanoKeyProtocolError (the command is never re-sent)', async () => {
    const { key, transport } = await canokeyStack();
    key.faults.statusOverride = 0x42;
    const counts = countRequests(key);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(CanoKeyProtocolError);
    expect(counts.get(CANOKEY_REQUEST.COMMAND)).toBe(1);
  });

  it('idle while we wait (the key dropped our command) is a protocol fault, not a hang', async () => {
    const { key, transport } = await canokeyStack();
    key.faults.statusOverride = WEBUSB_STATE.IDLE;
    await expect(transport.exchange(SELECT_PIV)).rejects.toMatchObject({ name: 'CanoKeyProtocolError', detail: expect.stringContaining('idle') });
  });
});

describe('CanoKey source: pairing, listing, claiming', () => {
  it('the pairing filter picks the key by its identity and FF/FF/FF web interface', async () => {
    const bus = new VirtualCanoKeyBus();
    const key = new VirtualCanoKey(PivCard.create());
    bus.plug(key, { granted: false });
    expect(await bus.requestDevice({ filters: [canokeyPairingFilter()] })).toBe(key);
    expect(findWebInterface(key)).toBe(WEB);
    await expect(bus.requestDevice({ filters: [{ ...canokeyPairingFilter(), productId: 0x4287 }] })).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('the CanoKey source lists it as webusb-canokey; the WebUSB CCID source leaves it alone', async () => {
    const bus = new VirtualCanoKeyBus();
    bus.plug(new VirtualCanoKey(PivCard.create(), { serialNumber: 'A1' }));
    const listed = await new CanoKeySource(bus).list();
    expect(listed.map((d) => d.paired)).toMatchObject([{ id: '20a0:42d4:A1', transport: 'webusb-canokey' }]);
    expect(await new WebUsbCcidSource(bus).list()).toEqual([]);
    const transport = await listed[0]!.openTransport({ redaction: PIV_REDACTION_POLICY });
    expect(toHex((await transport.exchange(SELECT_PIV)).subarray(-2))).toBe('9000');
    expect(transport.describe()).toMatchObject({ transport: 'webusb-canokey', interfaceNumber: WEB });
    await transport.close();
  });

  it('the FIDO and CCID interfaces are protected classes: claiming them fails as in Chrome', async () => {
    const key = new VirtualCanoKey(PivCard.create());
    await key.open();
    await key.selectConfiguration(1);
    await expect(key.claimInterface(0)).rejects.toMatchObject({ name: 'SecurityError' });
    await expect(key.claimInterface(2)).rejects.toMatchObject({ name: 'SecurityError' });
    await key.claimInterface(WEB);
    expect(key.configurations[0]!.interfaces[WEB]!.claimed).toBe(true);
  });

  it('opening claims the web interface and closing releases it', async () => {
    const bus = new VirtualCanoKeyBus();
    const key = new VirtualCanoKey(PivCard.create());
    bus.plug(key);
    const transport = await CanoKeyTransport.open(key, { usb: bus, keepaliveMs: 0 });
    expect(key.opened).toBe(true);
    await transport.close();
    expect(key.opened).toBe(false);
  });
});

describe('CanoKey capture for the diagnostics export', () => {
  it('records EP0 traffic as USBPcap with the PIN zeroed; the status word stays', async () => {
    const capture = new UsbCapture({ now: () => 1_765_000_000_000 });
    const { transport } = await canokeyStack({ link: { capture, redaction: PIV_REDACTION_POLICY } });
    await transport.exchange(SELECT_PIV);
    expect(toHex(await transport.exchange(VERIFY_DEFAULT_PIN))).toBe('9000');
    const bytes = Buffer.from(capture.toBytes());
    expect(bytes.indexOf(Buffer.from('313233343536', 'hex'))).toBe(-1);
    expect(bytes.indexOf(hex('0020008008' + '00'.repeat(8)))).toBeGreaterThan(0);
    expect(bytes.indexOf(SELECT_PIV)).toBeGreaterThan(0); // non-secret commands are kept for the helpdesk
  });

  it('without a policy every APDU data byte is hidden (fail closed)', async () => {
    const capture = new UsbCapture({ now: () => 0 });
    const { transport } = await canokeyStack({ link: { capture } });
    await transport.exchange(SELECT_PIV);
    await transport.exchange(VERIFY_DEFAULT_PIN);
    const bytes = Buffer.from(capture.toBytes());
    expect(bytes.indexOf(Buffer.from('313233343536', 'hex'))).toBe(-1);
    expect(bytes.indexOf(Buffer.from('A000000308', 'hex'))).toBe(-1);
  });
});
