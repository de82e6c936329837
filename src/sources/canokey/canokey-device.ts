/**
 * How a CanoKey's web interface is recognised: its USB identity (20A0:42D4, the pid as libccid lists it,
 * research/web-ready-token.md §3) and the vendor-class interface FF/FF/FF with no endpoints that carries APDUs
 * over EP0 (canokey-core interfaces/USB/device/usbd_desc.c, USBD_FS_IfDesc_WEBUSB). Data only, no I/O, so the
 * pairing screen and the reach map can import it.
 */

export const CANOKEY_USB_IDS = { vendorId: 0x20a0, productId: 0x42d4 } as const;

/** Vendor class (0xFF) is not protected in ordinary pages, unlike 0x0B and 0x03 (Chromium web_usb_service_impl.cc). */
export const CANOKEY_WEB_INTERFACE_CLASS = { classCode: 0xff, subclassCode: 0xff, protocolCode: 0xff } as const;

/** The chooser filter: this key's identity and its web interface, so the chooser lists it and nothing else of 20A0. */
export function canokeyPairingFilter(): USBDeviceFilter {
  return { ...CANOKEY_USB_IDS, ...CANOKEY_WEB_INTERFACE_CLASS };
}

/** The number of the first interface whose alternate 0 is FF/FF/FF with no endpoints; null when none. */
export function findWebInterface(device: Pick<USBDevice, 'configurations'>): number | null {
  for (const configuration of device.configurations) {
    for (const candidate of configuration.interfaces) {
      const alternate = candidate.alternates.find((a) => a.alternateSetting === 0) ?? candidate.alternate;
      if (
        alternate.interfaceClass === CANOKEY_WEB_INTERFACE_CLASS.classCode &&
        alternate.interfaceSubclass === CANOKEY_WEB_INTERFACE_CLASS.subclassCode &&
        alternate.interfaceProtocol === CANOKEY_WEB_INTERFACE_CLASS.protocolCode &&
        alternate.endpoints.length === 0
      ) {
        return candidate.interfaceNumber;
      }
    }
  }
  return null;
}

/** A device this source opens: CanoKey's identity and its web interface present. */
export function isCanoKeyWebDevice(device: Pick<USBDevice, 'vendorId' | 'productId' | 'configurations'>): boolean {
  return device.vendorId === CANOKEY_USB_IDS.vendorId && device.productId === CANOKEY_USB_IDS.productId && findWebInterface(device) !== null;
}
