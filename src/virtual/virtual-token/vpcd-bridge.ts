/**
 * Connects a `SmartCard` to vsmartcard-vpcd (the virtual reader driver pcscd loads), so pcscd, OpenSC and
 * yubico-piv-tool drive our emulated card. Protocol (card side, TCP): every message is a 2-byte big-endian
 * length + payload; a 1-byte payload is a control code (00 power off, 01 power on, 02 reset, 04 get ATR),
 * anything longer is a command APDU answered with a response APDU. Reconnects when pcscd restarts.
 */
import { Socket } from 'node:net';
import type { SmartCard } from './smart-card';

export const VPCD_CONTROL = { POWER_OFF: 0x00, POWER_ON: 0x01, RESET: 0x02, GET_ATR: 0x04 } as const;
export const VPCD_DEFAULT_PORT = 35963;

export interface VpcdBridgeOptions {
  readonly host?: string;
  readonly port?: number;
  /** Delay before reconnecting after the reader went away (pcscd stopped or not started yet). */
  readonly retryMs?: number;
  /** Awaited after each APDU and before its response is sent (the CLI saves the state here). */
  readonly afterTransmit?: () => Promise<void>;
  readonly onConnected?: (host: string, port: number) => void;
  readonly onDisconnected?: () => void;
}

/** Splits a TCP byte stream into vpcd frames (pure: easy to test with arbitrary chunking). */
export class VpcdFrameReader {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let at = 0;
    while (merged.length - at >= 2) {
      const length = (merged[at]! << 8) | merged[at + 1]!;
      if (merged.length - at - 2 < length) break;
      frames.push(merged.slice(at + 2, at + 2 + length));
      at += 2 + length;
    }
    this.buffer = merged.slice(at);
    return frames;
  }
}

export function vpcdFrame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 2);
  out[0] = (payload.length >> 8) & 0xff;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

export class VpcdBridge {
  private socket?: Socket;
  private stopped = false;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly card: SmartCard,
    private readonly options: VpcdBridgeOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection and waits for the APDU in flight (and its state save). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.queue;
    this.socket?.destroy();
  }

  private connect(): void {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? VPCD_DEFAULT_PORT;
    const socket = new Socket();
    const reader = new VpcdFrameReader();
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => this.options.onConnected?.(host, port));
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(new Uint8Array(chunk))) {
        this.queue = this.queue.then(() => this.handle(socket, frame));
      }
    });
    socket.on('error', () => undefined); // 'close' follows; reconnecting is the answer to every error
    socket.on('close', (hadConnection) => {
      if (this.socket !== socket) return;
      if (hadConnection !== undefined) this.options.onDisconnected?.();
      if (!this.stopped) this.retryTimer = setTimeout(() => this.connect(), this.options.retryMs ?? 1000);
    });
    socket.connect(port, host);
  }

  private async handle(socket: Socket, frame: Uint8Array): Promise<void> {
    if (frame.length === 1) {
      const code = frame[0];
      if (code === VPCD_CONTROL.POWER_OFF) await this.card.powerOff();
      else if (code === VPCD_CONTROL.POWER_ON || code === VPCD_CONTROL.RESET) await this.card.powerOn();
      else if (code === VPCD_CONTROL.GET_ATR) socket.write(vpcdFrame(this.card.atr));
      return;
    }
    if (frame.length === 0) return;
    const response = await this.card.transmit(frame);
    await this.options.afterTransmit?.();
    if (!socket.destroyed) socket.write(vpcdFrame(response));
  }
}
