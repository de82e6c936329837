/**
 * The CanoKey's applet dispatcher in front of its PIV card (canokey-core 26dc6e8 src/apdu.c process_apdu), the
 * part that decides who keeps a security status:
 * - SELECT by AID of an applet the key has, other than the current one, first calls applets_poweroff() (src/applets.c),
 *   whose piv_poweroff() clears the PIN, PUK and management-key status — emulated as the card's power-off;
 * - SELECT of an AID the key does not have answers 6A82 and leaves the current applet, and its status, as it was;
 * - every other command goes to the current applet, with or without a SELECT on this link: the current applet
 *   lives in the key, not in the USB interface, so it outlasts the WebUSB buffer release (webusb.c WebUSB_Loop).
 * Only PIV is emulated; the other applets answer their SELECT (admin.c: 9000, no data) and 6D00 to the rest.
 */
import type { SmartCard } from '../virtual-token/smart-card';

/** apdu.c's AID table (prefix match: `LC >= AID_Size[i] && memcmp(DATA, AID[i], AID_Size[i]) == 0`). */
export const CANOKEY_APPLET_AIDS = {
  piv: Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08),
  fido: Uint8Array.of(0xa0, 0x00, 0x00, 0x06, 0x47, 0x2f, 0x00, 0x01),
  oath: Uint8Array.of(0xa0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01),
  admin: Uint8Array.of(0xf0, 0x00, 0x00, 0x00, 0x00),
  openpgp: Uint8Array.of(0xd2, 0x76, 0x00, 0x01, 0x24, 0x01),
  ndef: Uint8Array.of(0xd2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01),
} as const;
export type CanoKeyApplet = keyof typeof CANOKEY_APPLET_AIDS | 'none';

const SW_SUCCESS = Uint8Array.of(0x90, 0x00);
const SW_FILE_NOT_FOUND = Uint8Array.of(0x6a, 0x82);
const SW_INS_NOT_SUPPORTED = Uint8Array.of(0x6d, 0x00);

/** The AID of `00 A4 04 00 Lc AID…` with a short or extended Lc (apdu.c build_capdu, ISO 7816-4 §5.1); else null. */
function selectedAid(apdu: Uint8Array): Uint8Array | null {
  if (apdu.length < 5 || apdu[0] !== 0x00 || apdu[1] !== 0xa4 || apdu[2] !== 0x04 || apdu[3] !== 0x00) return null;
  if (apdu[4] !== 0) return apdu.subarray(5, 5 + apdu[4]!);
  if (apdu.length < 7) return null;
  return apdu.subarray(7, 7 + ((apdu[5]! << 8) | apdu[6]!));
}

function appletOf(aid: Uint8Array): Exclude<CanoKeyApplet, 'none'> | null {
  for (const [name, prefix] of Object.entries(CANOKEY_APPLET_AIDS) as [Exclude<CanoKeyApplet, 'none'>, Uint8Array][]) {
    if (aid.length >= prefix.length && prefix.every((b, i) => aid[i] === b)) return name;
  }
  return null;
}

/**
 * What the applet switch's piv_poweroff() clears: 'all' (canokey-core 2.0.0 and later: PIN, PUK, management key)
 * or 'management-key' (1.5.2–1.6.2: in_admin_status only, the PIN stays verified until the key loses power).
 */
export type PivPowerOff = 'all' | 'management-key';

/** A PIV card that can forget only its management-key status (PivCard), for the 1.x switch. */
interface ManagementKeyStatus {
  dropManagementKeyStatus(): void;
}

function hasManagementKeyStatus(card: SmartCard): card is SmartCard & ManagementKeyStatus {
  return typeof (card as Partial<ManagementKeyStatus>).dropManagementKeyStatus === 'function';
}

export class CanoKeyApplets implements SmartCard {
  private currentApplet: CanoKeyApplet = 'none';

  constructor(
    private readonly piv: SmartCard,
    private readonly pivPowerOff: PivPowerOff = 'all',
  ) {}

  get atr(): Uint8Array {
    return this.piv.atr;
  }

  /** The applet commands go to now (apdu.c `current_applet`). */
  get current(): CanoKeyApplet {
    return this.currentApplet;
  }

  /** Power-up (device_init → applets_install): no applet selected, every status clear. */
  async powerOn(): Promise<Uint8Array> {
    this.currentApplet = 'none';
    return this.piv.powerOn();
  }

  async powerOff(): Promise<void> {
    this.currentApplet = 'none';
    await this.piv.powerOff();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const aid = selectedAid(apdu);
    if (aid !== null) {
      const applet = appletOf(aid);
      if (applet === null) return SW_FILE_NOT_FOUND.slice(); // "applet not found": current_applet unchanged
      if (applet !== this.currentApplet) await this.appletsPowerOff();
      this.currentApplet = applet;
    }
    if (this.currentApplet === 'piv') return this.piv.transmit(apdu);
    if (aid !== null) return SW_SUCCESS.slice();
    return (this.currentApplet === 'none' ? SW_FILE_NOT_FOUND : SW_INS_NOT_SUPPORTED).slice(); // apdu.c default: 6A82
  }

  /** applets_poweroff() → piv_poweroff(), as the firmware generation does it. */
  private async appletsPowerOff(): Promise<void> {
    if (this.pivPowerOff === 'management-key' && hasManagementKeyStatus(this.piv)) {
      this.piv.dropManagementKeyStatus();
      return;
    }
    await this.piv.powerOff();
  }
}
