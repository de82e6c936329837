/**
 * Records USB traffic as a USBPcap file (pcap linktype 249) for the helpdesk export, with the secrets an injected
 * policy names (PINs, keys, management-key authentication) zeroed in commands and responses (issue 7 §4).
 * Each transfer is written as a submission (host → device) and a completion (device → host) packet, as
 * USBPcap does on Windows, so Wireshark's CCID and ISO 7816 dissectors decode it.
 */
import type { RedactionPolicy } from '../shared/redaction';
import { CAPTURE_REDACT_ALL } from './capture-redaction';
import { CaptureRedactor } from './capture-redactor';
import { T1CaptureRedactor } from './capture-t1-redactor';
import { PC_TO_RDR } from './ccid-constants';

/** pcap global header magic, version 2.4, linktype USBPcap (tcpdump.org LINKTYPE_USBPCAP = 249). */
const PCAP_MAGIC = 0xa1b2c3d4;
export const LINKTYPE_USBPCAP = 249;
const SNAPLEN = 0x40000;

/** USBPcap packet header fields (USBPcap USBPCAP_BUFFER_PACKET_HEADER). */
const TRANSFER_TYPE = { interrupt: 1, control: 2, bulk: 3 } as const;
const URB_FUNCTION = { control: 0x0008, bulkOrInterrupt: 0x0009 } as const;
const CONTROL_STAGE = { setup: 0, data: 1, complete: 3 } as const;
const INFO_PDO_TO_FDO = 0x01;
const PACKET_HEADER_LENGTH = 27;
const ENDPOINT_IN = 0x80;

export interface UsbCaptureOptions {
  /** Bus and device address written into every packet (tshark: usb.device == bus << 16 | device). */
  readonly bus?: number;
  readonly device?: number;
  /** Clock for packet times; tests pass a fixed one. */
  readonly now?: () => number;
  /** Most transfers kept (oldest dropped first), so a long session cannot grow the capture without bound. */
  readonly maxTransfers?: number;
  /**
   * What to hide, from the card profile (structurally the apdu RedactionPolicy). Defaults to
   * CAPTURE_REDACT_ALL: every APDU data byte hidden, so a capture made without a policy never holds a secret.
   */
  readonly redaction?: RedactionPolicy;
}

export const DEFAULT_CAPTURE_TRANSFERS = 10_000;

export class UsbCapture {
  /** One entry per transfer: its submission and completion records. */
  private transfers: Uint8Array[][] = [];
  private readonly maxTransfers: number;
  private irpId = 1n;
  private readonly bus: number;
  private readonly device: number;
  private readonly now: () => number;
  private readonly redactor: CaptureRedactor;
  private policy: RedactionPolicy;
  /** Set while a TPDU-level T=1 link is open: XfrBlocks then carry T=1 blocks, not APDUs. */
  private t1: T1CaptureRedactor | null = null;

  constructor(options: UsbCaptureOptions = {}) {
    this.bus = options.bus ?? 1;
    this.device = options.device ?? 2;
    this.now = options.now ?? (() => Date.now());
    this.maxTransfers = Math.max(1, options.maxTransfers ?? DEFAULT_CAPTURE_TRANSFERS);
    this.policy = options.redaction ?? CAPTURE_REDACT_ALL;
    this.redactor = new CaptureRedactor(this.policy);
  }

  /** Replaces the policy, e.g. once the card profile is known after detection; later transfers use it. */
  setRedaction(redaction: RedactionPolicy): void {
    this.policy = redaction;
    this.redactor.setPolicy(redaction);
    this.t1?.setPolicy(redaction);
  }

  /**
   * The link now speaks T=1 at TPDU level (ISO/IEC 7816-3 §11): APDUs travel as INF of I-block chains. Until the
   * next IccPowerOn, redaction reads the blocks. `edc` is the ATR's (TC3): LRC 1 byte, CRC 2.
   */
  useT1Framing(edc: 'lrc' | 'crc'): void {
    this.t1 = new T1CaptureRedactor(this.policy, edc === 'crc' ? 2 : 1);
  }

  /** Transfers currently held (each is two pcap records). */
  get transferCount(): number {
    return Math.min(this.transfers.length, this.maxTransfers);
  }

  /** A bulk OUT transfer; the secrets of XfrBlock frames are zeroed in the stored copy, never in `frame`. */
  bulkOut(endpoint: number, frame: Uint8Array): void {
    const id = this.nextIrp();
    const stored = this.push(id, 0, endpoint & 0x7f, TRANSFER_TYPE.bulk, URB_FUNCTION.bulkOrInterrupt, frame);
    if (stored[0] === PC_TO_RDR.IccPowerOn && this.t1) {
      // A new session with the card: PPS and protocol are negotiated again, in APDU-redaction terms until told.
      this.t1.forgetAll();
      this.t1 = null;
    }
    (this.t1 ?? this.redactor).outFrame(stored);
    this.push(id, INFO_PDO_TO_FDO, endpoint & 0x7f, TRANSFER_TYPE.bulk, URB_FUNCTION.bulkOrInterrupt, new Uint8Array(0));
  }

  /** A bulk IN transfer; the secrets of DataBlock responses are zeroed in the stored copy. */
  bulkIn(endpoint: number, frame: Uint8Array): void {
    (this.t1 ?? this.redactor).inFrame(this.inTransfer(endpoint, TRANSFER_TYPE.bulk, frame));
  }

  interruptIn(endpoint: number, frame: Uint8Array): void {
    this.inTransfer(endpoint, TRANSFER_TYPE.interrupt, frame);
  }

  /** A control transfer: setup stage with the 8-byte setup packet, then completion with any IN data. */
  control(setup: Uint8Array, dataIn: Uint8Array = new Uint8Array(0)): void {
    const id = this.nextIrp();
    const endpoint = (setup[0] ?? 0) & ENDPOINT_IN;
    this.push(id, 0, endpoint, TRANSFER_TYPE.control, URB_FUNCTION.control, setup, CONTROL_STAGE.setup);
    this.push(id, INFO_PDO_TO_FDO, endpoint, TRANSFER_TYPE.control, URB_FUNCTION.control, dataIn, CONTROL_STAGE.complete);
  }

  /**
   * A control transfer with an OUT data stage (e.g. an APDU sent on EP0 by a vendor request): setup stage with
   * the setup packet, data stage (USBPcap stage 1) with `data` as given — the caller redacts it first — then
   * the completion.
   */
  controlOut(setup: Uint8Array, data: Uint8Array): void {
    const id = this.nextIrp();
    this.push(id, 0, 0, TRANSFER_TYPE.control, URB_FUNCTION.control, setup, CONTROL_STAGE.setup);
    this.push(id, 0, 0, TRANSFER_TYPE.control, URB_FUNCTION.control, data, CONTROL_STAGE.data);
    this.push(id, INFO_PDO_TO_FDO, 0, TRANSFER_TYPE.control, URB_FUNCTION.control, new Uint8Array(0), CONTROL_STAGE.complete);
  }

  toBytes(): Uint8Array {
    const header = new Uint8Array(24);
    const view = new DataView(header.buffer);
    view.setUint32(0, PCAP_MAGIC, true);
    view.setUint16(4, 2, true);
    view.setUint16(6, 4, true);
    view.setUint32(16, SNAPLEN, true);
    view.setUint32(20, LINKTYPE_USBPCAP, true);
    const packets = this.transfers.slice(-this.maxTransfers).flat();
    const total = packets.reduce((sum, p) => sum + p.length, header.length);
    const out = new Uint8Array(total);
    out.set(header);
    let offset = header.length;
    for (const packet of packets) {
      out.set(packet, offset);
      offset += packet.length;
    }
    return out;
  }

  private inTransfer(endpoint: number, type: number, frame: Uint8Array): Uint8Array {
    const id = this.nextIrp();
    const ep = (endpoint & 0x7f) | ENDPOINT_IN;
    this.push(id, 0, ep, type, URB_FUNCTION.bulkOrInterrupt, new Uint8Array(0));
    return this.push(id, INFO_PDO_TO_FDO, ep, type, URB_FUNCTION.bulkOrInterrupt, frame);
  }

  /** Starts a new transfer entry; trims the oldest in batches so recording stays O(1) amortised. */
  private nextIrp(): bigint {
    const id = this.irpId;
    this.irpId += 1n;
    this.transfers.push([]);
    if (this.transfers.length > this.maxTransfers + Math.ceil(this.maxTransfers / 4)) {
      this.transfers = this.transfers.slice(-this.maxTransfers);
    }
    return id;
  }

  /** Appends one pcap record; returns the view of its copy of `data`, for the redactor to zero in place. */
  private push(irp: bigint, info: number, endpoint: number, type: number, fn: number, data: Uint8Array, stage?: number): Uint8Array {
    const headerLength = PACKET_HEADER_LENGTH + (stage === undefined ? 0 : 1);
    const record = new Uint8Array(16 + headerLength + data.length);
    const view = new DataView(record.buffer);
    const ms = this.now();
    view.setUint32(0, Math.floor(ms / 1000), true);
    view.setUint32(4, Math.floor((ms % 1000) * 1000), true);
    view.setUint32(8, headerLength + data.length, true);
    view.setUint32(12, headerLength + data.length, true);
    const h = 16;
    view.setUint16(h, headerLength, true);
    view.setBigUint64(h + 2, irp, true);
    view.setUint32(h + 10, 0, true); // USBD_STATUS_SUCCESS
    view.setUint16(h + 14, fn, true);
    view.setUint8(h + 16, info);
    view.setUint16(h + 17, this.bus, true);
    view.setUint16(h + 19, this.device, true);
    view.setUint8(h + 21, endpoint);
    view.setUint8(h + 22, type);
    view.setUint32(h + 23, data.length, true);
    if (stage !== undefined) view.setUint8(h + 27, stage);
    record.set(data, h + headerLength);
    this.transfers[this.transfers.length - 1]?.push(record);
    return record.subarray(h + headerLength);
  }
}

/** The 8-byte USB setup packet (USB 2.0 §9.3) of a WebUSB control transfer, for the capture. */
export function setupPacket(setup: USBControlTransferParameters, direction: USBDirection, length: number): Uint8Array {
  const types: Record<USBRequestType, number> = { standard: 0, class: 1, vendor: 2 };
  const recipients: Record<USBRecipient, number> = { device: 0, interface: 1, endpoint: 2, other: 3 };
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  out[0] = (direction === 'in' ? 0x80 : 0) | (types[setup.requestType] << 5) | recipients[setup.recipient];
  out[1] = setup.request;
  view.setUint16(2, setup.value, true);
  view.setUint16(4, setup.index, true);
  view.setUint16(6, length, true);
  return out;
}
