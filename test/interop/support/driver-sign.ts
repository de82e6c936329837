/**
 * Our own stack over a card restored from the CLI's state file: PivCard → VirtualUsbDevice (CCID) →
 * CcidTransport → PivSession, exactly as the browser worker drives a token.
 */
import { PivSession } from '../../../src/cards/piv/session';
import { Slot } from '../../../src/cards/piv/constants';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';

export async function signThroughDriver(state: unknown, message: Uint8Array): Promise<{ certificateDer: Uint8Array; signature: Uint8Array }> {
  const card = PivCard.fromJSON(state);
  const device = new VirtualUsbDevice(card);
  const usb = new VirtualUsb();
  usb.plug(device);
  const transport = await CcidTransport.open(device, { usb });
  const session = await PivSession.open(transport);
  try {
    const certificates = await session.listCertificates();
    const auth = certificates.find((c) => c.slot === Slot.AUTHENTICATION);
    if (!auth?.der) throw new Error('no readable certificate in 9A');
    await session.verifyPin('123456');
    const signature = await session.sign(Slot.AUTHENTICATION, message, 'SHA-256');
    return { certificateDer: auth.der, signature };
  } finally {
    await session.close();
  }
}
