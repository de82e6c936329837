/**
 * A USBDevice-shaped virtual token (DESIGN.md §6): a CCID interface (class 0x0B, or vendor class 0xFF with the
 * CCID descriptor) with bulk OUT/IN and interrupt IN endpoints, wrapping a SmartCard. Faults are injected
 * through `faults` (faults.ts); `removeCard()`/`insertCard()` send NotifySlotChange (CCID §6.3.1).
 */
import { notifySlotChange } from './ccid-frames';
import { VirtualUsbFaults } from './faults';
import type { SmartCard } from './smart-card';
import type { T0CardOptions } from './tpdu/card-t0-engine';
import type { T1CardOptions } from './tpdu/card-t1-engine';
import { TPDU_PROTOCOL_BITS, tpduCardFor, VirtualTpduSlot, type TpduProtocols } from './virtual-tpdu-slot';
import {
  INTERFACE_CLASS,
  VIRTUAL_ENDPOINTS,
  VIRTUAL_TOKEN_USB_IDS,
  VIRTUAL_INTERFACE_NUMBER,
  configurationDescriptor,
  deviceDescriptor,
  virtualCcidDescriptor,
  webUsbConfiguration,
  type ReaderExchangeLevel,
} from './virtual-usb-descriptors';
import { VirtualCcidReader } from './virtual-usb-reader';
import { VirtualUsbState } from './virtual-usb-state';
import { AsyncQueue, inResult, outResult, toBytes, usbFailure } from './virtual-usb-io';

export interface VirtualUsbDeviceOptions {
  readonly interfaceClass?: typeof INTERFACE_CLASS.SmartCard | typeof INTERFACE_CLASS.VendorSpecific;
  readonly exchangeLevel?: ReaderExchangeLevel;
  /** dwMaxCCIDMessageLength; small values make extended APDUs travel in chained blocks (CCID §6.1.4). */
  readonly maxMessageLength?: number;
  readonly vendorId?: number;
  readonly productId?: number;
  readonly productName?: string;
  readonly manufacturerName?: string;
  readonly serialNumber?: string;
  /**
   * With exchangeLevel 'tpdu' (issue 11 §4): the protocols the token offers. T0: a T=0 card (Watchdata);
   * T1 or T0+T1: a T=1 card whose ATR offers T=1 alone or T=0 first (HDZB). Both ask for Fi/Di 13 (PPS). Default T0+T1.
   */
  readonly protocols?: TpduProtocols;
  /** Card engine parameters (T=1 IFSC, CRC, BWI; T=0 INS directions) for tests that vary them. */
  readonly t1?: T1CardOptions;
  readonly t0?: T0CardOptions;
}


const GET_DESCRIPTOR = 0x06;
/** CCID class-specific request ABORT (CCID §5.3.1). */
const ABORT_REQUEST = 0x01;
const DESCRIPTOR_TYPE = { device: 0x01, configuration: 0x02 } as const;

export class VirtualUsbDevice implements USBDevice {
  readonly usbVersionMajor = 2;
  readonly usbVersionMinor = 0;
  readonly usbVersionSubminor = 0;
  readonly deviceClass = 0;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly deviceVersionMajor = 1;
  readonly deviceVersionMinor = 0;
  readonly deviceVersionSubminor = 0;
  readonly vendorId: number;
  readonly productId: number;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly serialNumber: string | null;
  readonly configurations: USBConfiguration[];
  readonly faults = new VirtualUsbFaults();
  readonly reader: VirtualCcidReader;
  /** Set by VirtualUsb.plug: how the device unplugs itself when a fault says so. */
  onUnplugRequest: ((device: VirtualUsbDevice) => void) | null = null;
  private readonly state = new VirtualUsbState();
  private bulkIn = new AsyncQueue<Uint8Array>();
  private interruptIn = new AsyncQueue<Uint8Array>();
  private processing: Promise<void> = Promise.resolve();
  private readonly rawConfiguration: Uint8Array;
  private readonly rawDevice: Uint8Array;

  constructor(readonly card: SmartCard, options: VirtualUsbDeviceOptions = {}) {
    const interfaceClass = options.interfaceClass ?? INTERFACE_CLASS.SmartCard;
    const level = options.exchangeLevel ?? 'extended-apdu';
    const maxMessage = options.maxMessageLength ?? (level === 'extended-apdu' ? 3072 : 271);
    this.vendorId = options.vendorId ?? VIRTUAL_TOKEN_USB_IDS.vendorId;
    this.productId = options.productId ?? VIRTUAL_TOKEN_USB_IDS.productId;
    this.productName = options.productName ?? 'UKey Virtual PIV Token';
    this.manufacturerName = options.manufacturerName ?? 'UKey Assistant';
    this.serialNumber = options.serialNumber ?? 'VIRTUAL-0001';
    this.configurations = [webUsbConfiguration(interfaceClass, () => this.state.claimed)];
    const protocols = options.protocols ?? 'T0+T1';
    const tpdu = level === 'tpdu' ? new VirtualTpduSlot(tpduCardFor(card, protocols, options), protocols, this.faults) : null;
    const descriptor = virtualCcidDescriptor(level, maxMessage, tpdu ? TPDU_PROTOCOL_BITS[protocols] : undefined);
    this.rawConfiguration = configurationDescriptor(interfaceClass, descriptor);
    this.rawDevice = deviceDescriptor(this.vendorId, this.productId);
    this.reader = new VirtualCcidReader(card, level, maxMessage, tpdu);
  }

  get opened(): boolean {
    return this.state.open;
  }

  get configuration(): USBConfiguration | null {
    return this.state.configuration;
  }

  get isAttached(): boolean {
    return this.state.attached;
  }

  async open(): Promise<void> {
    this.state.requireAttached();
    if (this.faults.openFailure) throw usbFailure(this.faults.openFailure);
    this.state.open = true;
  }

  async close(): Promise<void> {
    this.state.requireAttached();
    this.drop('AbortError');
    // Closing releases every claimed interface (WebUSB §6.3 close()).
    this.state.reset(true);
  }

  async forget(): Promise<void> {
    this.drop('AbortError');
    this.state.reset(this.state.attached);
  }

  async reset(): Promise<void> {
    this.state.requireOpen();
    this.drop('AbortError');
  }

  async selectConfiguration(value: number): Promise<void> {
    this.state.requireOpen();
    const found = this.configurations.find((c) => c.configurationValue === value);
    if (!found) throw usbFailure('NotFoundError');
    this.state.configuration = found;
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.state.requireConfigured(interfaceNumber);
    if (this.faults.claimFailure) throw usbFailure(this.faults.claimFailure);
    this.state.claimed = true;
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.state.requireConfigured(interfaceNumber);
    this.drop('AbortError');
    this.state.claimed = false;
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    this.state.requireClaimed();
    if (interfaceNumber !== VIRTUAL_INTERFACE_NUMBER || alternateSetting !== 0) throw usbFailure('NotFoundError');
  }

  async controlTransferIn(setup: USBControlTransferParameters, length: number): Promise<USBInTransferResult> {
    this.state.requireOpen();
    if (setup.requestType === 'standard' && setup.recipient === 'device' && setup.request === GET_DESCRIPTOR) {
      const type = setup.value >> 8;
      if (type === DESCRIPTOR_TYPE.configuration) return inResult(this.rawConfiguration.slice(0, length));
      if (type === DESCRIPTOR_TYPE.device) return inResult(this.rawDevice.slice(0, length));
    }
    return { status: 'stall' };
  }

  async controlTransferOut(setup: USBControlTransferParameters): Promise<USBOutTransferResult> {
    this.state.requireOpen();
    // CCID §5.3.1 ABORT: the bulk PC_to_RDR_Abort that follows gets the reply; nothing else to do here.
    const isAbort = setup.requestType === 'class' && setup.request === ABORT_REQUEST;
    return isAbort ? outResult(0) : { bytesWritten: 0, status: 'stall' };
  }

  async clearHalt(): Promise<void> {
    this.state.requireClaimed();
  }

  async transferOut(endpointNumber: number, data: BufferSource): Promise<USBOutTransferResult> {
    this.state.requireClaimed();
    if (endpointNumber !== VIRTUAL_ENDPOINTS.bulkOut) throw usbFailure('NotFoundError');
    this.maybeVanish();
    const frame = toBytes(data);
    // Commands are processed in order, after the host's write completes, as a reader's firmware would.
    // A card that throws leaves that command unanswered (the host times out), never the queue stuck.
    this.processing = this.processing.then(() => this.process(frame)).catch(() => undefined);
    return outResult(frame.length);
  }

  async transferIn(endpointNumber: number, length: number): Promise<USBInTransferResult> {
    this.state.requireClaimed();
    if (endpointNumber === VIRTUAL_ENDPOINTS.interruptIn) return inResult((await this.interruptIn.take()).slice(0, length));
    if (endpointNumber !== VIRTUAL_ENDPOINTS.bulkIn) throw usbFailure('NotFoundError');
    this.maybeVanish();
    const frame = await this.bulkIn.take();
    if (this.faults.replyDelayMs > 0) await new Promise((r) => setTimeout(r, this.faults.replyDelayMs));
    if (!this.state.attached) throw usbFailure('NetworkError');
    return inResult(this.faults.mangleReply(frame).slice(0, length));
  }

  async isochronousTransferIn(): Promise<USBIsochronousInTransferResult> {
    throw usbFailure('NotFoundError');
  }

  async isochronousTransferOut(): Promise<USBIsochronousOutTransferResult> {
    throw usbFailure('NotFoundError');
  }

  /** Takes the card out of the slot: later commands fail with bmICCStatus = 2; the host is notified. */
  removeCard(): void {
    this.reader.removeCard();
    if (this.state.claimed) this.interruptIn.push(notifySlotChange(false, true));
  }

  insertCard(): void {
    this.reader.insertCard();
    if (this.state.claimed) this.interruptIn.push(notifySlotChange(true, true));
  }

  /** Called by the bus on unplug: every pending transfer fails as in the browser. */
  detach(): void {
    this.state.reset(false);
    this.reader.powerLoss();
    this.drop('NetworkError');
  }

  /** Called by the bus on (re)plug: a fresh, closed device with the card powered down. */
  attach(): void {
    this.state.reset(true);
    this.bulkIn = new AsyncQueue<Uint8Array>();
    this.interruptIn = new AsyncQueue<Uint8Array>();
    this.processing = Promise.resolve();
  }

  private async process(frame: Uint8Array): Promise<void> {
    const { message, reply } = await this.reader.handle(frame);
    if (!reply || !this.state.attached) return;
    let xfr: { seq: number; timeExtension: () => Uint8Array } | null = null;
    if (message?.kind === 'XfrBlock') {
      if (this.faults.takeSilence()) return;
      const { slot, seq } = message;
      xfr = { seq, timeExtension: () => this.reader.timeExtension(slot, seq, this.faults.timeExtensionMultiplier) };
    }
    for (const out of this.faults.framesFor(reply, xfr)) this.bulkIn.push(out);
  }

  private maybeVanish(): void {
    if (!this.faults.countTransfer()) return;
    if (this.onUnplugRequest) this.onUnplugRequest(this);
    else this.detach();
    throw usbFailure('NetworkError');
  }

  private drop(name: 'AbortError' | 'NetworkError'): void {
    this.bulkIn.failAll(() => usbFailure(name));
    this.interruptIn.failAll(() => usbFailure(name));
  }
}
