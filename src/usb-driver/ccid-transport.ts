/**
 * ApduTransport over a WebUSB CCID interface (CCID Rev 1.1). Pure framing lives in ccid-codec.ts; this file only
 * loops USB transfers over it: one exchange at a time, bSeq checked, time extensions waited out, failures typed,
 * a timeout aborted (CCID §5.3.1), a disconnect reported once. A TPDU-level reader gets the host's T=0/T=1 engine
 * (src/tpdu) over ccid-tpdu-port.ts; APDU-level readers take whole APDUs (ccid-chaining.ts).
 */
import { NotSupportedError, type UKeyError } from '../shared/errors';
import { tpduLinkReport, type TpduLink } from '../tpdu';
import { ccidLinkCapabilities } from './card-capabilities';
import { exchangeApdu } from './ccid-chaining';
import { describeCcidLink, type CcidLinkReport } from './ccid-diagnostics';
import { exchangeLevelOf, type CcidDescriptor, type ExchangeLevel } from './ccid-descriptor';
import { claimCcidInterface } from './ccid-claim';
import type { CcidInterface } from './ccid-interface';
import { CcidLink } from './ccid-link';
import { openCcidTpduLink, powerOn, tpduCapabilities } from './ccid-tpdu-port';
import { iccStatusOf } from './ccid-codec';
import { ExchangeGuard } from './exchange-guard';
import { CardAbsentError, DeviceBusyError, DeviceDisconnectedError, classifyWebUsbError } from './errors';
import { deviceLabel, type UsbConnectionListener, type UsbLike } from './usb-like';
import { DEFAULT_CCID_MAX_BUSY_MS, DEFAULT_CCID_TIMEOUT_MS, type CcidCapabilities, type CcidTransportOptions } from './ccid-transport-options';

export { DEFAULT_CCID_MAX_BUSY_MS, DEFAULT_CCID_TIMEOUT_MS, type CcidCapabilities, type CcidTransportOptions } from './ccid-transport-options';

export type SlotState = 'active' | 'inactive' | 'absent';
/** bmICCStatus → state (CCID §6.2.6); 3 is reserved and the codec rejects it. */
const SLOT_STATES: Readonly<Record<number, SlotState>> = { 0: 'active', 1: 'inactive', 2: 'absent', 3: 'absent' };

type DisconnectListener = (error: DeviceDisconnectedError) => void;

/** The open transport of each device in this realm (window or worker). */
const OPEN_TRANSPORTS = new WeakMap<USBDevice, CcidTransport>();

export class CcidTransport {
  readonly deviceName: string;
  readonly exchangeLevel: ExchangeLevel;
  readonly descriptor: CcidDescriptor;
  private atrBytes: Uint8Array = new Uint8Array(0);
  /** At TPDU level, the T=0/T=1 engine every APDU goes through (issue 11 §4); null at APDU level. */
  private tpdu: TpduLink | null = null;
  /** Capabilities worked out for this ATR (the processor asks on every exchange). */
  private linkCapabilities: { readonly atr: Uint8Array; readonly capabilities: CcidCapabilities } | null = null;
  private readonly guard: ExchangeGuard;
  private closing: Promise<void> | null = null;
  private readonly disconnectListeners = new Set<DisconnectListener>();
  private readonly usbListener: UsbConnectionListener;

  private constructor(
    private readonly device: USBDevice,
    private readonly ccid: CcidInterface,
    private readonly link: CcidLink,
    private readonly usb: UsbLike | undefined,
  ) {
    this.deviceName = link.deviceName;
    this.guard = new ExchangeGuard(link.deviceName);
    this.descriptor = ccid.descriptor;
    this.exchangeLevel = exchangeLevelOf(ccid.descriptor.features);
    this.usbListener = (event) => {
      if (event.device === this.device) this.link.markDisconnected();
    };
    usb?.addEventListener('disconnect', this.usbListener);
    link.onDisconnect((error) => {
      this.forget();
      usb?.removeEventListener('disconnect', this.usbListener);
      for (const listener of this.disconnectListeners) listener(error);
      this.disconnectListeners.clear();
    });
  }

  static async open(device: USBDevice, options: CcidTransportOptions = {}): Promise<CcidTransport> {
    const deviceName = deviceLabel(device);
    // Two transports on one device would interleave their bulk transfers and bSeq: one owner at a time. An idle
    // earlier owner that was never closed (a leak) is retired; one with an exchange in flight makes us busy.
    const previous = OPEN_TRANSPORTS.get(device);
    if (previous?.guard.busy) throw new DeviceBusyError(deviceName, `${deviceName} is in use by another session`);
    previous?.retire();
    const transport = await CcidTransport.openUnguarded(device, deviceName, options);
    OPEN_TRANSPORTS.set(device, transport);
    return transport;
  }

  private static async openUnguarded(device: USBDevice, deviceName: string, options: CcidTransportOptions): Promise<CcidTransport> {
    if (options.redaction) options.capture?.setRedaction(options.redaction);
    if (!device.opened) {
      await device.open().catch((error: unknown) => {
        throw classifyWebUsbError(error, { deviceName, operation: 'open' });
      });
    }
    try {
      const ccid = await claimCcidInterface(device, deviceName, options.capture);
      const link = new CcidLink(device, ccid, deviceName, {
        timeoutMs: options.timeoutMs ?? DEFAULT_CCID_TIMEOUT_MS,
        maxBusyMs: options.maxBusyMs ?? DEFAULT_CCID_MAX_BUSY_MS,
        capture: options.capture,
      });
      const transport = new CcidTransport(device, ccid, link, options.usb);
      try {
        transport.atrBytes = await powerOn(link);
        if (transport.exchangeLevel === 'tpdu') {
          transport.tpdu = await openCcidTpduLink(link, transport.atrBytes, ccid.descriptor, options.capture);
          transport.atrBytes = transport.tpdu.atr; // a failed PPS means a cold reset and a new ATR (ISO 7816-3 §9.3)
        }
      } catch (error) {
        transport.detach();
        throw error;
      }
      link.startInterruptListener();
      return transport;
    } catch (error) {
      await device.close().catch(() => undefined);
      throw error;
    }
  }

  /** The card's Answer-to-Reset from IccPowerOn (parse it with parseAtr). */
  get atr(): Uint8Array {
    return this.atrBytes;
  }

  /**
   * Extended APDUs when the reader exchanges at extended level and the card does not say it lacks them: an ATR
   * whose card capabilities clear "extended Lc and Le" (ISO 7816-4 §8.1.1.2.7) gets short APDUs and chaining.
   */
  get capabilities(): CcidCapabilities {
    if (this.linkCapabilities?.atr !== this.atrBytes) {
      const capabilities = this.tpdu
        ? tpduCapabilities(this.tpdu)
        : ccidLinkCapabilities(this.exchangeLevel, this.link.maxDataLength, this.atrBytes);
      this.linkCapabilities = { atr: this.atrBytes, capabilities };
    }
    return this.linkCapabilities.capabilities;
  }

  /** Reader and card facts for the helpdesk export (plain data, no secrets). */
  report(): CcidLinkReport {
    return describeCcidLink(this.deviceName, this.descriptor, this.atrBytes);
  }

  /** ApduTransport.describe: the link report as plain JSON for the helpdesk export. */
  describe(): Record<string, unknown> {
    return { transport: 'webusb-ccid', ...this.report(), ...(this.tpdu ? { tpdu: tpduLinkReport(this.tpdu.plan) } : {}) };
  }

  /** Called once when the device goes away (event or failed transfer); returns an unsubscribe function. */
  onDisconnect(listener: DisconnectListener): () => void {
    const gone = this.link.disconnected;
    if (gone) {
      // Subscribed too late to hear it: tell this listener once, asynchronously like the event itself.
      queueMicrotask(() => listener(gone));
      return () => undefined;
    }
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** Card inserted/removed, from NotifySlotChange on the interrupt endpoint (CCID §6.3.1). */
  onCardChange(listener: (present: boolean) => void): () => void {
    return this.link.onCardChange(listener);
  }

  /**
   * Faults of the interrupt endpoint (a frame that does not decode, a reader HardwareError): card-change events
   * may have been missed, so a listener can re-check slotStatus() or tell the user. Returns an unsubscribe.
   */
  onCardEventProblem(listener: (error: UKeyError) => void): () => void {
    return this.link.onProblem(listener);
  }

  /** PC_to_RDR_GetSlotStatus (CCID §6.1.2): whether a card is there and powered, without touching it. */
  async slotStatus(): Promise<SlotState> {
    const reply = await this.guard.run(this.link.disconnected, () =>
      this.link.command({ kind: 'GetSlotStatus', slot: 0, seq: 0 }).catch((error: unknown) => {
        if (error instanceof CardAbsentError) return null;
        throw error;
      }),
    );
    return reply === null ? 'absent' : (SLOT_STATES[iccStatusOf(reply.status)] ?? 'absent');
  }

  get isDisconnected(): boolean {
    return this.link.disconnected !== null;
  }

  exchange(command: Uint8Array): Promise<Uint8Array> {
    return this.guard.run(this.link.disconnected, () => this.transmit(command));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await this.guard.close();
    try {
      await this.release();
    } finally {
      this.forget();
    }
  }

  /** Superseded by a newer transport on the same device: stop using the link, leave the device to it. */
  private retire(): void {
    this.closing ??= Promise.resolve();
    void this.guard.close();
    this.detach();
    this.forget();
  }

  private forget(): void {
    if (OPEN_TRANSPORTS.get(this.device) === this) OPEN_TRANSPORTS.delete(this.device);
  }

  private async release(): Promise<void> {
    this.usb?.removeEventListener('disconnect', this.usbListener);
    this.link.stop();
    if (this.link.disconnected) return;
    await this.link.command({ kind: 'IccPowerOff', slot: 0, seq: 0 }).catch(() => undefined);
    await this.device.releaseInterface(this.ccid.interfaceNumber).catch(() => undefined);
    await this.device.close().catch(() => undefined);
  }

  private detach(): void {
    this.usb?.removeEventListener('disconnect', this.usbListener);
    this.link.stop();
  }

  private async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (command.length > this.capabilities.maxCommandLength) {
      throw new NotSupportedError(
        'extended APDU',
        `${this.deviceName} accepts commands of at most ${this.capabilities.maxCommandLength} bytes, not ${command.length}`,
      );
    }
    if (this.tpdu) return this.tpdu.transmit(command);
    return exchangeApdu((message) => this.link.command(message), command, this.link.maxDataLength);
  }
}
