/**
 * The one-exchange-at-a-time rule every transport keeps (ApduTransport.exchange: "a second caller while one is
 * in flight gets a busy error"), written once for all of them (issue 17 §4; Ledger's hw-transport keeps it in
 * its Transport base). Queuing is not the transport's job: the APDU processor and the card session order
 * their own exchanges; a second caller reaching the link means two sessions share one device, which must show.
 */
import { DeviceBusyError, DeviceDisconnectedError } from './device-errors';

export class ExchangeGuard {
  private inFlight: Promise<unknown> | null = null;
  private closed = false;

  constructor(private readonly deviceName: string) {}

  /** True while an exchange (or another link command) is running. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Runs `work` as the one exchange in flight. Refused at once with `gone` when the device is gone, with a
   * disconnect error once closed, and with DeviceBusyError while another exchange runs.
   */
  run<T>(gone: Error | null, work: () => Promise<T>): Promise<T> {
    if (gone) return Promise.reject(gone);
    if (this.closed) return Promise.reject(new DeviceDisconnectedError(this.deviceName, `${this.deviceName} is closed`));
    if (this.inFlight) return Promise.reject(new DeviceBusyError(this.deviceName));
    const running = work();
    this.inFlight = running;
    const clear = (): void => {
      if (this.inFlight === running) this.inFlight = null;
    };
    running.then(clear, clear);
    return running;
  }

  /** Refuses every later exchange and resolves when the one in flight (if any) has settled, however it ended. */
  async close(): Promise<void> {
    this.closed = true;
    await this.inFlight?.catch(() => undefined);
  }
}
