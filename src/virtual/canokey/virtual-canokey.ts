/**
 * A USBDevice-shaped CanoKey (issue 18 §1): the emulator of the key's WebUSB interface, written apart from the
 * driver. EP0 vendor requests to the vendor-class interface follow the firmware's state machine (webusb.c, see
 * webusb-buffer-state.ts): command 0x00 OUT, status 0x02 IN, response 0x01 IN, a stall when the state is wrong
 * or the buffer belongs to CCID, and the 2 s buffer hold. Behind it is any SmartCard — the emulator's PIV card.
 * Standard and vendor descriptor requests answer the descriptor set of canokey-descriptors.ts. The FIDO HID and
 * CCID interfaces are protected classes in ordinary pages: claiming them fails as Chrome fails it (SecurityError).
 */
import type { SmartCard } from '../virtual-token/smart-card';
import { CanoKeyApplets } from './canokey-applets';
import { inResult, outResult, usbFailure } from '../virtual-token/virtual-usb-io';
import { canokeyConfiguration } from './canokey-configuration';
import {
  CANOKEY_IDS,
  CANOKEY_INTERFACES,
  VENDOR_CODE,
  VENDOR_INDEX,
  bosDescriptor,
  configurationDescriptor,
  deviceDescriptor,
  msOs20DescriptorSet,
  stringDescriptorFor,
  urlDescriptor,
} from './canokey-descriptors';
import { clampExtendedLe, rejectsExtendedSelect } from './extended-le';
import { WEBUSB_STATE, WebUsbBufferState } from './webusb-buffer-state';
import { VirtualCanoKeyFaults, type VirtualCanoKeyOptions } from './virtual-canokey-options';

export { VirtualCanoKeyFaults, type VirtualCanoKeyOptions } from './virtual-canokey-options';

/** webusb.h request codes. */
const REQUEST = { command: 0x00, response: 0x01, status: 0x02 } as const;
const APDU_BUFFER_SIZE = 1340;
const GET_DESCRIPTOR = 0x06;
const DESCRIPTOR_TYPE = { device: 0x01, configuration: 0x02, string: 0x03, bos: 0x0f } as const;
const SW_WRONG_LENGTH = Uint8Array.of(0x67, 0x00);
const SW_CHECKING_ERROR = Uint8Array.of(0x6f, 0x00);

type Stall = { readonly status: 'stall' };
const STALL_IN: USBInTransferResult & Stall = { status: 'stall' };
const STALL_OUT: USBOutTransferResult & Stall = { status: 'stall', bytesWritten: 0 };

export class VirtualCanoKey implements USBDevice {
  readonly usbVersionMajor = 2;
  readonly usbVersionMinor = 1;
  readonly usbVersionSubminor = 0;
  readonly deviceClass = 0;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly deviceVersionMajor = 1;
  readonly deviceVersionMinor = 0;
  readonly deviceVersionSubminor = 0;
  readonly vendorId: number;
  readonly productId: number;
  readonly manufacturerName = 'canokeys.org';
  readonly productName = 'CanoKey';
  readonly serialNumber: string;
  readonly configurations: USBConfiguration[];
  readonly faults = new VirtualCanoKeyFaults();
  readonly buffer: WebUsbBufferState;
  /** apdu.c's dispatcher in front of the card: the current applet and applets_poweroff() on a switch. */
  readonly applets: CanoKeyApplets;
  /** Command APDUs the card was given over the web interface. */
  commandCount = 0;
  private attached = true;
  private isOpen = false;
  private selected: USBConfiguration | null = null;
  private readonly claimed = new Set<number>();
  private response: Uint8Array = new Uint8Array(0);
  private powered: Promise<unknown> | null = null;
  /** Counts plug-ins, so a command still running when the key was pulled never answers the next power-up. */
  private epoch = 0;
  private readonly raw: { device: Uint8Array; configuration: Uint8Array; bos: Uint8Array };

  constructor(
    readonly card: SmartCard,
    private readonly options: VirtualCanoKeyOptions = {},
  ) {
    this.vendorId = options.vendorId ?? CANOKEY_IDS.vendorId;
    this.productId = options.productId ?? CANOKEY_IDS.productId;
    this.serialNumber = options.serialNumber ?? 'CK-VIRTUAL-01';
    this.buffer = new WebUsbBufferState(options.now ?? (() => Date.now()));
    this.applets = new CanoKeyApplets(card, options.pivPowerOff ?? 'all');
    this.configurations = [canokeyConfiguration((n) => this.claimed.has(n))];
    this.raw = {
      device: deviceDescriptor(this.vendorId, this.productId),
      configuration: configurationDescriptor(),
      bos: bosDescriptor({ webUsb: options.webUsbCapability ?? true }),
    };
  }

  get opened(): boolean {
    return this.isOpen;
  }

  get configuration(): USBConfiguration | null {
    return this.selected;
  }

  get isAttached(): boolean {
    return this.attached;
  }

  /** The bus plugs the key in: power comes back, the card starts from its reset state. */
  attach(): void {
    this.attached = true;
  }

  /** Unplugged: power and every volatile state are gone; calls reject with NotFoundError. */
  detach(): void {
    this.attached = false;
    this.epoch++;
    this.isOpen = false;
    this.selected = null;
    this.claimed.clear();
    this.buffer.reset();
    this.powered = null;
  }

  /** Native middleware starts a CCID exchange: true when it got the buffer (apdu.c acquire_apdu_buffer). */
  ccidAcquireBuffer(): boolean {
    return this.buffer.acquire('ccid');
  }

  ccidReleaseBuffer(): void {
    this.buffer.release('ccid');
  }

  async open(): Promise<void> {
    this.requireAttached();
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.requireAttached();
    this.isOpen = false;
    this.selected = null;
    this.claimed.clear();
  }

  async forget(): Promise<void> {
    this.isOpen = false;
    this.claimed.clear();
  }

  async reset(): Promise<void> {
    this.requireOpen();
  }

  async selectConfiguration(value: number): Promise<void> {
    this.requireOpen();
    const found = this.configurations.find((c) => c.configurationValue === value);
    if (!found) throw usbFailure('NotFoundError');
    this.selected = found;
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.requireOpen();
    if (!this.selected) throw usbFailure('InvalidStateError');
    if (interfaceNumber === CANOKEY_INTERFACES.fido || interfaceNumber === CANOKEY_INTERFACES.ccid) throw usbFailure('SecurityError');
    if (interfaceNumber !== CANOKEY_INTERFACES.web) throw usbFailure('NotFoundError');
    this.claimed.add(interfaceNumber);
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.requireOpen();
    this.claimed.delete(interfaceNumber);
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    this.requireOpen();
    if (!this.claimed.has(interfaceNumber) || alternateSetting !== 0) throw usbFailure('NotFoundError');
  }

  async controlTransferIn(setup: USBControlTransferParameters, length: number): Promise<USBInTransferResult> {
    this.requireOpen();
    if (setup.requestType === 'standard' && setup.recipient === 'device' && setup.request === GET_DESCRIPTOR) {
      const found = this.descriptor(setup.value >> 8, setup.value & 0xff);
      return found ? inResult(found.slice(0, length)) : STALL_IN;
    }
    if (setup.requestType === 'vendor' && setup.recipient === 'device') {
      if (setup.request === VENDOR_CODE.msOs20 && setup.index === VENDOR_INDEX.msOs20Descriptor) return inResult(msOs20DescriptorSet().slice(0, length));
      if (setup.request === VENDOR_CODE.webUsb && setup.index === VENDOR_INDEX.getUrl) return inResult(urlDescriptor().slice(0, length));
      return STALL_IN;
    }
    if (!this.isWebRequest(setup)) return STALL_IN;
    this.buffer.touch();
    if (setup.request === REQUEST.status) return inResult(Uint8Array.of(this.faults.statusOverride ?? this.buffer.state));
    if (setup.request === REQUEST.response && this.buffer.state === WEBUSB_STATE.SENDING_RESP) {
      const data = this.response.slice(0, Math.min(this.response.length, length));
      this.buffer.state = WEBUSB_STATE.SENT_RESP;
      this.buffer.state = WEBUSB_STATE.HOLD_BUF; // USBD_WEBUSB_TxSent once the data stage is done
      return inResult(data);
    }
    return STALL_IN;
  }

  async controlTransferOut(setup: USBControlTransferParameters, data?: BufferSource): Promise<USBOutTransferResult> {
    this.requireOpen();
    if (!this.isWebRequest(setup) || setup.request !== REQUEST.command) return STALL_OUT;
    this.buffer.touch();
    const bytes = data === undefined ? new Uint8Array(0) : toBytes(data);
    const state = this.buffer.state;
    if (state !== WEBUSB_STATE.IDLE && state !== WEBUSB_STATE.HOLD_BUF) return STALL_OUT; // "Wrong state"
    if (!this.buffer.acquire('webusb')) return STALL_OUT; // "Busy": CCID owns the buffer
    this.buffer.state = WEBUSB_STATE.HOLD_BUF;
    if (bytes.length > APDU_BUFFER_SIZE) return STALL_OUT; // "Overflow"
    this.buffer.state = WEBUSB_STATE.RECVING;
    this.buffer.state = WEBUSB_STATE.PROCESS; // USBD_WEBUSB_RxReady after the data stage
    void this.process(bytes);
    return outResult(bytes.length);
  }

  async clearHalt(): Promise<void> {
    this.requireOpen();
  }

  async transferIn(): Promise<USBInTransferResult> {
    this.requireOpen();
    throw usbFailure('NotFoundError'); // the web interface has no endpoints
  }

  async transferOut(): Promise<USBOutTransferResult> {
    this.requireOpen();
    throw usbFailure('NotFoundError');
  }

  async isochronousTransferIn(): Promise<USBIsochronousInTransferResult> {
    throw usbFailure('NotSupportedError');
  }

  async isochronousTransferOut(): Promise<USBIsochronousOutTransferResult> {
    throw usbFailure('NotSupportedError');
  }

  /** webusb.c WebUSB_Loop for one command: build_capdu (length < 4 → 6700), process_apdu, SW appended. */
  private async process(apdu: Uint8Array): Promise<void> {
    const epoch = this.epoch;
    if (this.faults.processingDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.processingDelayMs));
    if (this.faults.neverAnswer || epoch !== this.epoch) return;
    let response: Uint8Array;
    if (apdu.length < 4 || rejectsExtendedSelect(apdu)) {
      response = SW_WRONG_LENGTH;
    } else {
      this.powered ??= this.applets.powerOn();
      await this.powered;
      this.commandCount++;
      response = await this.applets.transmit(clampExtendedLe(apdu, APDU_BUFFER_SIZE - 2)).catch(() => SW_CHECKING_ERROR);
    }
    if (!this.attached || epoch !== this.epoch) return; // unplugged meanwhile: the answer is lost with the power
    this.response = response;
    this.buffer.state = WEBUSB_STATE.SENDING_RESP;
  }

  private isWebRequest(setup: USBControlTransferParameters): boolean {
    if (setup.requestType !== 'vendor' || setup.recipient !== 'interface' || setup.index !== CANOKEY_INTERFACES.web) return false;
    // WebUSB §6.3: a request to an interface needs that interface claimed.
    if (!this.claimed.has(CANOKEY_INTERFACES.web)) throw usbFailure('InvalidStateError');
    return true;
  }

  private descriptor(type: number, index: number): Uint8Array | null {
    if (type === DESCRIPTOR_TYPE.device) return this.raw.device;
    if (type === DESCRIPTOR_TYPE.configuration) return this.raw.configuration;
    if (type === DESCRIPTOR_TYPE.bos) return this.raw.bos;
    if (type === DESCRIPTOR_TYPE.string) {
      return stringDescriptorFor(index, { manufacturer: this.manufacturerName, product: this.productName, serial: this.serialNumber });
    }
    return null;
  }

  private requireAttached(): void {
    if (!this.attached) throw usbFailure('NotFoundError');
  }

  private requireOpen(): void {
    this.requireAttached();
    if (!this.isOpen) throw usbFailure('InvalidStateError');
  }
}

function toBytes(data: BufferSource): Uint8Array {
  if (ArrayBuffer.isView(data)) return Uint8Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return Uint8Array.from(new Uint8Array(data));
}
