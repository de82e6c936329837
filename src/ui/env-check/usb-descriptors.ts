/**
 * Parses a raw USB configuration descriptor (GET_DESCRIPTOR(CONFIGURATION), USB 2.0 §9.4.3) into its
 * interfaces, noting which carry the CCID class descriptor. WebUSB's USBAlternateInterface exposes no
 * class-specific descriptors, and a vendor-class (0xFF) interface is only a CCID reader when it has one
 * (DESIGN.md §3; libccid accepts such readers).
 */
import { findCcidDescriptor } from '../../usb-driver';
import { DescriptorParseError } from './descriptor-error';

export const USB_DESCRIPTOR_TYPE = {
  CONFIGURATION: 0x02,
  INTERFACE: 0x04,
  /** Class-specific descriptor; CCID Rev 1.1 §5.1 "Smart Card Device Class Descriptor". */
  CCID_FUNCTIONAL: 0x21,
} as const;

/** USB 2.0 §9.6.3: the configuration descriptor is 9 bytes, wTotalLength at offset 2 (little-endian). */
const CONFIGURATION_LENGTH = 9;
/** USB 2.0 §9.6.5: the interface descriptor is 9 bytes. */
const INTERFACE_LENGTH = 9;
/** CCID Rev 1.1 §5.1: bLength of the smart card class descriptor is 0x36 (54). */
export const CCID_DESCRIPTOR_LENGTH = 0x36;

export interface ParsedInterface {
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  /** A 54-byte class descriptor of type 0x21 follows this interface descriptor. */
  readonly hasCcidDescriptor: boolean;
}

/** Throws DescriptorParseError (only) on malformed input. */
export function parseConfigurationDescriptor(bytes: Uint8Array): ParsedInterface[] {
  if (bytes.length < CONFIGURATION_LENGTH) {
    throw new DescriptorParseError(`configuration descriptor needs ${CONFIGURATION_LENGTH} bytes, got ${bytes.length}`, 0);
  }
  if (bytes[0] !== CONFIGURATION_LENGTH || bytes[1] !== USB_DESCRIPTOR_TYPE.CONFIGURATION) {
    throw new DescriptorParseError('not a configuration descriptor', 0);
  }
  const totalLength = (bytes[2] ?? 0) | ((bytes[3] ?? 0) << 8);
  if (totalLength < CONFIGURATION_LENGTH || totalLength > bytes.length) {
    throw new DescriptorParseError(`wTotalLength ${totalLength} does not fit ${bytes.length} bytes`, 2);
  }
  const interfaces: ParsedInterface[] = [];
  let current: { -readonly [K in keyof ParsedInterface]: ParsedInterface[K] } | null = null;
  let offset = CONFIGURATION_LENGTH;
  while (offset < totalLength) {
    const length = bytes[offset] ?? 0;
    const type = bytes[offset + 1];
    if (length < 2 || offset + length > totalLength) {
      throw new DescriptorParseError(`descriptor length ${length} at offset ${offset} overruns`, offset);
    }
    if (type === USB_DESCRIPTOR_TYPE.INTERFACE) {
      if (length < INTERFACE_LENGTH) throw new DescriptorParseError(`short interface descriptor (${length})`, offset);
      current = {
        interfaceNumber: bytes[offset + 2] ?? 0,
        alternateSetting: bytes[offset + 3] ?? 0,
        interfaceClass: bytes[offset + 5] ?? 0,
        interfaceSubclass: bytes[offset + 6] ?? 0,
        interfaceProtocol: bytes[offset + 7] ?? 0,
        hasCcidDescriptor: false,
      };
      interfaces.push(current);
    }
    offset += length;
  }
  // Whether an interface is a CCID reader is the driver's call (its rule follows libccid), so the check and
  // the driver can never disagree about the same token.
  return interfaces.map((i) => ({ ...i, hasCcidDescriptor: carriesCcidDescriptor(bytes, i.interfaceNumber) }));
}

function carriesCcidDescriptor(bytes: Uint8Array, interfaceNumber: number): boolean {
  try {
    return findCcidDescriptor(bytes, interfaceNumber) !== null;
  } catch {
    return false; // a malformed class descriptor: not a reader the driver could open
  }
}
