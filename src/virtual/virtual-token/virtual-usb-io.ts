/** Small I/O helpers of the virtual USB device: a waitable queue and WebUSB-shaped results and failures. */

/** A FIFO whose `take()` waits for the next item; `failAll` rejects every waiter (unplug, release). */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: { resolve: (item: T) => void; reject: (error: unknown) => void }[] = [];

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(item);
    else this.items.push(item);
  }

  take(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    return new Promise<T>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  failAll(error: () => unknown): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error());
    this.items.length = 0;
  }
}

/** The browser rejects USB calls with a DOMException of a given name (WebUSB §6). */
export function usbFailure(name: string): DOMException {
  return new DOMException(`Virtual USB device: ${name}`, name);
}

export function inResult(bytes: Uint8Array): USBInTransferResult {
  return { status: 'ok', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

export function outResult(bytesWritten: number): USBOutTransferResult {
  return { status: 'ok', bytesWritten };
}

export function toBytes(data: BufferSource): Uint8Array {
  if (data instanceof Uint8Array) return data.slice();
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data).slice();
}
