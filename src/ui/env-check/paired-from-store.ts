/**
 * Paired tokens as the env check needs them, from the store's TokenRecords. The driver's token id is
 * "VID:PID:serial" (device-service-api.ts PairedToken.id); VID and PID are read as 4-digit hex. An id in
 * another form gives no VID/PID, and such a token is left out of the "plugged in?" comparison. A device
 * without a USB serial is written with an empty serial or "-" (src/worker/token-directory.ts).
 */
import type { PairedTokenRef } from './environment';

const NO_SERIAL = '-';
const ID_PATTERN = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?::(.*))?$/;

export function pairedRefFromRecord(record: { id: string; label: string; isDemo: boolean }): PairedTokenRef | null {
  const match = ID_PATTERN.exec(record.id);
  if (!match) return record.isDemo ? { id: record.id, vendorId: -1, productId: -1, usbSerialNumber: null, label: record.label, isDemo: true } : null;
  const serial = match[3];
  return {
    id: record.id,
    vendorId: Number.parseInt(match[1] ?? '', 16),
    productId: Number.parseInt(match[2] ?? '', 16),
    usbSerialNumber: serial && serial !== NO_SERIAL ? serial : null,
    label: record.label,
    isDemo: record.isDemo,
  };
}
