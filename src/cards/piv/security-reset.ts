/**
 * Dropping the PIN's security status when a PIV session lets go of the card (DESIGN.md §7, "a PIN lives only for
 * the operation"). A reader link ends with a power-off or a reset that clears it anyway; a link that cannot
 * power the card off (CanoKey's WebUSB interface) would otherwise leave the PIN verified for the next program.
 *
 * VERIFY with P1=FF and no data resets the security status of the key reference in P2 (SP 800-73-4 Part 2
 * §3.2.1). It covers the PIN only: the management key has no such command in PIV (canokey-core piv.c
 * piv_verify leaves in_admin_status set), which is why the link that cannot power off also clears it its own
 * way (sources/canokey/canokey-security-reset.ts). Best effort: a card without P1=FF (6A86) changes nothing,
 * and a dead link has no card behind it.
 */
import type { PivChannel } from './channel';
import { INS, KEY_REF } from './constants';

/** VERIFY P1=FF reset of the PIN's security status (Part 2 §3.2.1); never carries PIN bytes. */
const RESET_P1 = 0xff;

/** Sends the reset and reports whether the card answered 9000; never throws. */
export async function dropPinStatus(channel: PivChannel): Promise<boolean> {
  try {
    const reply = await channel.transmit({ ins: INS.VERIFY, p1: RESET_P1, p2: KEY_REF.PIN });
    return reply.sw === 0x9000;
  } catch {
    return false;
  }
}
