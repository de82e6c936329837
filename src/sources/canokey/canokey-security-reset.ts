/**
 * What a CanoKey's web link does instead of a power-off when it lets go of the key (review of issue 18, DESIGN.md
 * §7 "a PIN lives only for the operation"). CCID ends with IccPowerOff and Web Smart Card disconnects with
 * 'reset'; the WebUSB interface has neither: the key only frees its APDU buffer after ~2 s idle (canokey-core
 * webusb.c WebUSB_Loop), and the current applet with its PIN and administrative-key status lives on in the key
 * (src/apdu.c current_applet), for the next page to use without a SELECT.
 *
 * The firmware's own equivalent of a power-off is an applet switch: SELECT of another applet's AID calls
 * applets_poweroff() (apdu.c process_apdu → src/applets.c), which clears the card application's status
 * (piv_poweroff: PIN, unblock code, administrative key, pending chains) and every other applet's. The admin applet (AID F000000000) is the
 * target: present on every CanoKey, reachable over WebUSB (the vendor's web console uses it), and its SELECT
 * changes nothing else (admin.c ADMIN_INS_SELECT answers 9000 with no data). When admin is already current, the
 * switch into it already powered the others off and no card-application command has run since.
 *
 * This belongs to the device, not to a card profile: the profile's own reset, VERIFY with P1=FF (SP 800-73-4
 * Part 2 §3.2.1), clears only the PIN (piv.c piv_verify leaves in_admin_status set), and no command of one applet
 * clears another applet's status; the applet switch does all of it.
 */

/** `00 A4 04 00 05 F0 00 00 00 00`: SELECT by DF name (ISO 7816-4 §11.2.2) of the CanoKey admin applet. */
export const CANOKEY_POWER_OFF_SELECT = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x05, 0xf0, 0x00, 0x00, 0x00, 0x00);

const SW_SUCCESS = 0x9000;

/** True when the key answered the applet switch 9000, i.e. applets_poweroff() has run or had run. */
export function isPowerOffAnswer(response: Uint8Array): boolean {
  if (response.length < 2) return false;
  return ((response[response.length - 2]! << 8) | response[response.length - 1]!) === SW_SUCCESS;
}
