/**
 * The diagnostics capture of CanoKey's EP0 traffic (issue 18 §1): every vendor request goes into the token's
 * USB capture (USBPcap, as the CCID transport's bulk frames do), with the secrets the card profile's redaction
 * policy names — PIN, PUK, management-key responses — zeroed in the stored copy, never in what is sent. With no
 * policy the fail-closed default hides every APDU data byte (usb-driver capture-redaction.ts).
 */
import type { RedactionPolicy } from '../../shared/redaction';
import { CAPTURE_REDACT_ALL, zeroRanges, setupPacket, type UsbCapture } from '../../usb-driver';

export class CanoKeyCapture {
  private policy: RedactionPolicy;
  /** A copy of the command in flight, for judging its response; wiped once the response is stored. */
  private pending: Uint8Array | null = null;

  constructor(
    private readonly capture: UsbCapture | undefined,
    redaction: RedactionPolicy | undefined,
  ) {
    this.policy = redaction ?? CAPTURE_REDACT_ALL;
  }

  /** The command APDU, OUT in the data stage of request 0x00. */
  command(setup: USBControlTransferParameters, apdu: Uint8Array): void {
    if (!this.capture) return;
    this.pending?.fill(0);
    this.pending = apdu.slice();
    const stored = apdu.slice();
    zeroRanges(stored, this.policy.commandSecrets(apdu));
    this.capture.controlOut(setupPacket(setup, 'out', apdu.length), stored);
  }

  /** A status read (one state byte): nothing secret. */
  status(setup: USBControlTransferParameters, data: Uint8Array): void {
    this.capture?.control(setupPacket(setup, 'in', 1), data);
  }

  /** The response APDU, IN on request 0x01, judged against the command it answers. */
  response(setup: USBControlTransferParameters, requested: number, response: Uint8Array): void {
    if (!this.capture) return;
    const stored = response.slice();
    const ranges = this.pending ? this.policy.responseSecrets(this.pending, response) : CAPTURE_REDACT_ALL.responseSecrets(new Uint8Array(0), response);
    zeroRanges(stored, ranges);
    this.pending?.fill(0);
    this.pending = null;
    this.capture.control(setupPacket(setup, 'in', requested), stored);
  }
}
