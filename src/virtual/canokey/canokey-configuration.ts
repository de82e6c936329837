/**
 * The WebUSB view (USBConfiguration, WebUSB §6.5) of the emulator's descriptors: what a page's `device.
 * configurations` shows, with each interface's `claimed` read from the device's state.
 */
import { CANOKEY_INTERFACES } from './canokey-descriptors';

function alternate(cls: number, sub: number, protocol: number, name: string, endpoints: USBEndpoint[]): USBAlternateInterface {
  return { alternateSetting: 0, interfaceClass: cls, interfaceSubclass: sub, interfaceProtocol: protocol, interfaceName: name, endpoints };
}

function usbInterface(interfaceNumber: number, alt: USBAlternateInterface, isClaimed: (n: number) => boolean): USBInterface {
  return {
    interfaceNumber,
    alternate: alt,
    alternates: [alt],
    get claimed(): boolean {
      return isClaimed(interfaceNumber);
    },
  };
}

export function canokeyConfiguration(isClaimed: (interfaceNumber: number) => boolean): USBConfiguration {
  const interrupt = (n: number, direction: USBDirection): USBEndpoint => ({ endpointNumber: n, direction, type: 'interrupt', packetSize: 64 });
  const bulk = (n: number, direction: USBDirection): USBEndpoint => ({ endpointNumber: n, direction, type: 'bulk', packetSize: 64 });
  return {
    configurationValue: 1,
    configurationName: null,
    interfaces: [
      usbInterface(CANOKEY_INTERFACES.fido, alternate(0x03, 0x00, 0x00, 'FIDO2/U2F', [interrupt(1, 'in'), interrupt(1, 'out')]), isClaimed),
      usbInterface(CANOKEY_INTERFACES.web, alternate(0xff, 0xff, 0xff, 'WebUSB', []), isClaimed),
      usbInterface(CANOKEY_INTERFACES.ccid, alternate(0x0b, 0x00, 0x00, 'OpenPGP PIV OATH', [bulk(2, 'in'), bulk(2, 'out')]), isClaimed),
    ],
  };
}
