/**
 * ApduTransport over CanoKey's WebUSB interface (issue 18 §1). Framing is canokey-protocol.ts; this file only
 * loops EP0 vendor requests over it: command (0x00 OUT), status (0x02 IN) polled with growing pauses until the
 * response is ready or the bound is spent, response (0x01 IN). One exchange at a time; a status read every
 * `keepaliveMs` while idle keeps the key's buffer for this page (the key releases it after ~2 s without requests,
 * webusb.c WebUSB_Loop), and stopping it on close hands the key back to native middleware. Close first clears
 * the key's PIN and management-key status, since this link has no power-off (canokey-security-reset.ts).
 */
import type { RedactionPolicy } from '../../shared/redaction';
import type { ApduTransport, TransportCapabilities } from '../../apdu';
import { NotSupportedError } from '../../shared/errors';
import {
  DeviceBusyError,
  DeviceDisconnectedError,
  DeviceNotFoundError,
  classifyWebUsbError,
  UsbIoGuard,
  deviceLabel,
  type UsbConnectionListener,
  type UsbLike,
  type UsbCapture,
} from '../../usb-driver';
import { CanoKeyCapture } from './canokey-capture';
import { findWebInterface } from './canokey-device';
import { CanoKeyBusyError, CanoKeyProtocolError, CanoKeySecurityResetError, CanoKeyTimeoutError } from './canokey-errors';
import { CANOKEY_POWER_OFF_SELECT, isPowerOffAnswer } from './canokey-security-reset';
import { CANOKEY_APDU_BUFFER, CANOKEY_REQUEST, decodeState, fitExtendedLe, nextStep, pollDelays, vendorRequest } from './canokey-protocol';

export interface CanoKeyTransportOptions {
  readonly usb?: UsbLike;
  readonly redaction?: RedactionPolicy;
  readonly capture?: UsbCapture;
  /** Longest wait for one response; RSA-2048 generation on the key takes seconds. Default 60 s. */
  readonly timeoutMs?: number;
  /** Longest pause between two status reads (the pauses grow from 1 ms). Default 50 ms. */
  readonly maxPollMs?: number;
  /** Status read while idle, below the key's ~2 s buffer hold. Default 1000 ms; 0 turns it off. */
  readonly keepaliveMs?: number;
}

export const DEFAULT_CANOKEY_TIMEOUT_MS = 60_000;
export const DEFAULT_CANOKEY_KEEPALIVE_MS = 1_000;
const CONFIGURATION_VALUE = 1;

const toHexWord = (response: Uint8Array): string =>
  Array.from(response.subarray(-2), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CanoKeyTransport implements ApduTransport {
  readonly atr = new Uint8Array(0); // no reader, no ATR: the web interface reaches the applets directly
  /** Extended APDUs up to the key's buffer; CanoKey's card application chains commands only for PUT DATA (piv.c). */
  readonly capabilities: TransportCapabilities = { extendedApdu: true, maxCommandLength: CANOKEY_APDU_BUFFER };
  readonly deviceName: string;
  private readonly guard: UsbIoGuard;
  private readonly trace: CanoKeyCapture;
  private inFlight: Promise<unknown> | null = null;
  /** The keepalive status read in progress: an exchange waits for it (EP0 carries one request at a time). */
  private ping: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  /** The key answered a command on this link, so a status it set may be live (nothing to clear otherwise). */
  private answered = false;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private readonly usbListener: UsbConnectionListener;
  private readonly delays: readonly number[];

  private constructor(
    private readonly device: USBDevice,
    readonly interfaceNumber: number,
    private readonly options: CanoKeyTransportOptions,
  ) {
    this.deviceName = deviceLabel(device);
    this.guard = new UsbIoGuard(this.deviceName);
    this.trace = new CanoKeyCapture(options.capture, options.redaction);
    this.delays = pollDelays(options.timeoutMs ?? DEFAULT_CANOKEY_TIMEOUT_MS, 1, options.maxPollMs ?? 50);
    this.usbListener = (event) => {
      if (event.device === this.device) this.guard.markDisconnected();
    };
    options.usb?.addEventListener('disconnect', this.usbListener);
    this.guard.onDisconnect(() => this.stopKeepalive());
  }

  static async open(device: USBDevice, options: CanoKeyTransportOptions = {}): Promise<CanoKeyTransport> {
    const name = deviceLabel(device);
    const interfaceNumber = findWebInterface(device);
    if (interfaceNumber === null) throw new DeviceNotFoundError(name, `${name} has no CanoKey web interface`);
    if (!device.opened) await device.open().catch((error: unknown) => Promise.reject(classifyWebUsbError(error, { deviceName: name, operation: 'open' })));
    try {
      if (device.configuration === null) {
        await device.selectConfiguration(CONFIGURATION_VALUE).catch((error: unknown) =>
          Promise.reject(classifyWebUsbError(error, { deviceName: name, operation: 'configure' })),
        );
      }
      await device.claimInterface(interfaceNumber).catch((error: unknown) =>
        Promise.reject(classifyWebUsbError(error, { deviceName: name, operation: 'claim' })),
      );
    } catch (error) {
      await device.close().catch(() => undefined);
      throw error;
    }
    const transport = new CanoKeyTransport(device, interfaceNumber, options);
    transport.startKeepalive();
    return transport;
  }

  get isDisconnected(): boolean {
    return this.guard.disconnected !== null;
  }

  onDisconnect(listener: () => void): () => void {
    if (this.guard.disconnected) {
      queueMicrotask(listener);
      return () => undefined;
    }
    let active = true;
    this.guard.onDisconnect(() => {
      if (active) listener();
    });
    return () => {
      active = false;
    };
  }

  describe(): Record<string, unknown> {
    return {
      transport: 'webusb-canokey',
      deviceName: this.deviceName,
      interfaceNumber: this.interfaceNumber,
      apduBuffer: CANOKEY_APDU_BUFFER,
      keepaliveMs: this.options.keepaliveMs ?? DEFAULT_CANOKEY_KEEPALIVE_MS,
    };
  }

  exchange(command: Uint8Array): Promise<Uint8Array> {
    if (this.guard.disconnected) return Promise.reject(this.guard.disconnected);
    if (this.closing) return Promise.reject(new DeviceDisconnectedError(this.deviceName, `${this.deviceName} is closed`));
    if (this.inFlight) return Promise.reject(new DeviceBusyError(this.deviceName));
    const run = (this.ping ?? Promise.resolve()).then(() => this.transmit(command));
    this.inFlight = run;
    const clear = (): void => {
      this.inFlight = null;
    };
    run.then(clear, clear);
    return run;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.stopKeepalive(); // no more requests: the key frees its buffer ~2 s later for native middleware
    await this.inFlight?.catch(() => undefined);
    await this.ping;
    // Unplugged: the power, and every security status with it, is already gone.
    const failure = this.guard.disconnected ? null : await this.resetSecurityStatus();
    this.options.usb?.removeEventListener('disconnect', this.usbListener);
    if (this.guard.disconnected) return;
    await this.device.releaseInterface(this.interfaceNumber).catch(() => undefined);
    await this.device.close().catch(() => undefined);
    if (failure) throw failure;
  }

  /** This link cannot power the key off: the applet switch that clears every status instead (canokey-security-reset.ts). */
  private async resetSecurityStatus(): Promise<CanoKeySecurityResetError | null> {
    try {
      const response = await this.transmit(CANOKEY_POWER_OFF_SELECT);
      if (isPowerOffAnswer(response)) return null;
      return new CanoKeySecurityResetError(this.deviceName, `SELECT answered ${toHexWord(response)}`);
    } catch (error) {
      // Unplugged meanwhile, or no command of ours ever reached the key (e.g. busy from the start): nothing of ours to clear.
      if (this.guard.disconnected || !this.answered) return null;
      return new CanoKeySecurityResetError(this.deviceName, error instanceof Error ? error.name : 'no answer');
    }
  }

  private async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const command = fitExtendedLe(apdu);
    if (command.length > CANOKEY_APDU_BUFFER) {
      throw new NotSupportedError('long APDU', `${this.deviceName} takes commands of at most ${CANOKEY_APDU_BUFFER} bytes, not ${command.length}`);
    }
    const commandSetup = vendorRequest(CANOKEY_REQUEST.COMMAND, this.interfaceNumber);
    this.trace.command(commandSetup, command);
    const sent = await this.guard.guard('control', this.device.controlTransferOut(commandSetup, Uint8Array.from(command)));
    // webusb.c stalls the command when the buffer belongs to CCID (or the key is mid-cycle for another host).
    if (sent.status === 'stall') throw new CanoKeyBusyError(this.deviceName);
    if (sent.status !== 'ok' || sent.bytesWritten !== command.length) {
      throw new CanoKeyProtocolError(this.deviceName, `command not taken (${sent.status}, ${sent.bytesWritten} bytes)`);
    }
    await this.waitUntilReady();
    const responseSetup = vendorRequest(CANOKEY_REQUEST.RESPONSE, this.interfaceNumber);
    const reply = await this.guard.guard('control', this.device.controlTransferIn(responseSetup, CANOKEY_APDU_BUFFER));
    const response = reply.data ? new Uint8Array(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength).slice() : new Uint8Array(0);
    this.trace.response(responseSetup, CANOKEY_APDU_BUFFER, response);
    if (reply.status !== 'ok') throw new CanoKeyProtocolError(this.deviceName, `response request ${reply.status}`);
    if (response.length < 2) throw new CanoKeyProtocolError(this.deviceName, `response of ${response.length} bytes has no status word`);
    this.answered = true;
    return response;
  }

  /** Reads the state until "response ready"; pauses follow `delays`, whose sum is the timeout. */
  private async waitUntilReady(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const state = await this.readState();
      const step = nextStep(state);
      if (step === 'read') return;
      if (step === 'fault') throw new CanoKeyProtocolError(this.deviceName, `unexpected state ${state ?? 'unknown'} while waiting for a response`);
      const pause = this.delays[attempt];
      if (pause === undefined) throw new CanoKeyTimeoutError(this.deviceName, this.options.timeoutMs ?? DEFAULT_CANOKEY_TIMEOUT_MS);
      await sleep(pause);
    }
  }

  /** One status read; `record` false for keepalives, which would otherwise fill the capture while idle. */
  private async readState(record = true): Promise<ReturnType<typeof decodeState>> {
    const setup = vendorRequest(CANOKEY_REQUEST.STATUS, this.interfaceNumber);
    const reply = await this.guard.guard('control', this.device.controlTransferIn(setup, 1));
    const bytes = reply.data ? new Uint8Array(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength).slice() : new Uint8Array(0);
    if (record) this.trace.status(setup, bytes);
    if (reply.status !== 'ok' || bytes.length !== 1) throw new CanoKeyProtocolError(this.deviceName, `status request ${reply.status}, ${bytes.length} bytes`);
    return decodeState(bytes[0]!);
  }

  private startKeepalive(): void {
    const every = this.options.keepaliveMs ?? DEFAULT_CANOKEY_KEEPALIVE_MS;
    if (every <= 0) return;
    this.keepalive = setInterval(() => {
      if (this.inFlight || this.ping || this.closing || this.guard.disconnected) return;
      // Any request to the interface refreshes the key's idle clock; an unplug heard here is reported once.
      const ping = this.readState(false).then(
        () => undefined,
        () => undefined,
      );
      this.ping = ping;
      void ping.then(() => {
        if (this.ping === ping) this.ping = null;
      });
    }, every);
    (this.keepalive as { unref?: () => void }).unref?.();
  }

  private stopKeepalive(): void {
    if (this.keepalive !== null) clearInterval(this.keepalive);
    this.keepalive = null;
  }
}
