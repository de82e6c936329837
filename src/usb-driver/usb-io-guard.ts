/**
 * Disconnect bookkeeping for one device's USB I/O: every transfer goes through `guard`, so an unplug ends it
 * early with one DeviceDisconnectedError, heard once by the listeners; a failure is typed by DOMException name
 * (never by message text, STYLE.md Ledger counter-example).
 */
import { classifyWebUsbError, DeviceDisconnectedError, isDisconnectName, type UsbOperation } from './errors';

export class UsbIoGuard {
  disconnected: DeviceDisconnectedError | null = null;
  private readonly pendingIo = new Set<(error: DeviceDisconnectedError) => void>();
  private readonly listeners: ((error: DeviceDisconnectedError) => void)[] = [];

  constructor(private readonly deviceName: string) {}

  onDisconnect(listener: (error: DeviceDisconnectedError) => void): void {
    this.listeners.push(listener);
  }

  /** Idempotent: the first cause wins, listeners hear it once, every pending I/O rejects with it. */
  markDisconnected(cause?: unknown): DeviceDisconnectedError {
    if (this.disconnected) return this.disconnected;
    const error = new DeviceDisconnectedError(this.deviceName, `${this.deviceName} was disconnected`, { cause });
    this.disconnected = error;
    for (const abort of [...this.pendingIo]) abort(error);
    this.pendingIo.clear();
    for (const listener of this.listeners.splice(0)) listener(error);
    return error;
  }

  /**
   * Ends an I/O early when the device disconnects, and types its failure; NotFound/Network means unplugged.
   * Each call registers its own abort hook and removes it when settled, so nothing accumulates per transfer.
   */
  guard<T>(operation: UsbOperation, io: Promise<T>): Promise<T> {
    if (this.disconnected) {
      io.catch(() => undefined); // the device is gone: its own failure is expected and already reported
      return Promise.reject(this.disconnected);
    }
    return new Promise<T>((resolve, reject) => {
      const abort = (error: DeviceDisconnectedError): void => reject(error);
      this.pendingIo.add(abort);
      io.then(
        (value) => {
          this.pendingIo.delete(abort);
          resolve(value);
        },
        (error: unknown) => {
          this.pendingIo.delete(abort);
          if (this.disconnected) reject(this.disconnected);
          else if (isDisconnectName(error)) reject(this.markDisconnected(error));
          else reject(classifyWebUsbError(error, { deviceName: this.deviceName, operation }));
        },
      );
    });
  }
}
