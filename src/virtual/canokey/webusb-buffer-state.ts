/**
 * The state machine of CanoKey's WebUSB interface (canokey-core interfaces/USB/class/webusb/webusb.c) and the
 * one APDU buffer it shares with CCID (src/apdu.c acquire_apdu_buffer / release_apdu_buffer): who owns the
 * buffer, which state the status request reports, and the release after 2 s without a request (WebUSB_Loop).
 * The firmware's main loop is emulated lazily: every event first applies what the loop would have done by now.
 */

/** The status byte values (webusb.c enum; int8_t, so idle −1 travels as 0xFF). */
export const WEBUSB_STATE = {
  IDLE: 0xff,
  SENDING_RESP: 0x00,
  PROCESS: 0x01,
  SENT_RESP: 0x02,
  RECVING: 0x03,
  HOLD_BUF: 0x04,
} as const;
export type WebUsbStateByte = (typeof WEBUSB_STATE)[keyof typeof WEBUSB_STATE];

export type BufferOwner = 'none' | 'ccid' | 'webusb';

/** webusb.c WebUSB_Loop: `device_get_tick() - last_keepalive > 2000` releases a held buffer. */
export const BUFFER_HOLD_MS = 2000;

export class WebUsbBufferState {
  state: WebUsbStateByte = WEBUSB_STATE.IDLE;
  owner: BufferOwner = 'none';
  private lastRequest = 0;

  constructor(private readonly now: () => number) {}

  /** What the main loop does between events: drop the WebUSB hold after 2 s without a request. */
  settle(): void {
    if (this.state === WEBUSB_STATE.HOLD_BUF && this.now() - this.lastRequest > BUFFER_HOLD_MS) {
      if (this.owner === 'webusb') this.owner = 'none';
      this.state = WEBUSB_STATE.IDLE;
    }
  }

  /** Every setup request to the interface refreshes the idle clock first (webusb.c USBD_WEBUSB_Setup). */
  touch(): void {
    this.settle();
    this.lastRequest = this.now();
  }

  /** acquire_apdu_buffer: compare-and-swap from none; true when `who` owns it afterwards. */
  acquire(who: Exclude<BufferOwner, 'none'>): boolean {
    this.settle();
    if (this.owner === 'none') this.owner = who;
    return this.owner === who;
  }

  release(who: Exclude<BufferOwner, 'none'>): void {
    if (this.owner === who) this.owner = 'none';
  }

  /** Power loss or unplug: everything volatile is gone. */
  reset(): void {
    this.state = WEBUSB_STATE.IDLE;
    this.owner = 'none';
  }
}
