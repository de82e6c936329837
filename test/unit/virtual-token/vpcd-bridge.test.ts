import { createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VpcdBridge, VpcdFrameReader, vpcdFrame } from '../../../src/virtual/virtual-token/vpcd-bridge';
import { h, toHex } from './card-helpers';

describe('VpcdFrameReader', () => {
  it('reassembles frames split at any byte boundary', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 6 }), fc.array(fc.nat(60)), (payloads, cuts) => {
        const stream = Uint8Array.from(payloads.flatMap((p) => [...vpcdFrame(p)]));
        const reader = new VpcdFrameReader();
        const got: Uint8Array[] = [];
        let at = 0;
        for (const cut of [...cuts, stream.length]) {
          const end = Math.min(stream.length, at + cut);
          got.push(...reader.push(stream.subarray(at, end)));
          at = end;
        }
        got.push(...reader.push(stream.subarray(at)));
        expect(got.map(toHex)).toEqual(payloads.map(toHex));
      }),
      { numRuns: 10_000 },
    );
  });
});

/** A stand-in for vpcd's reader side: accepts the card's connection and sends frames to it. */
function fakeVpcd(): Promise<{ server: Server; port: number; next: () => Promise<Socket> }> {
  const waiting: Array<(s: Socket) => void> = [];
  const ready: Socket[] = [];
  const server = createServer((socket) => {
    const w = waiting.shift();
    if (w) w(socket);
    else ready.push(socket);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, port, next: () => new Promise((r) => (ready.length ? r(ready.shift()!) : waiting.push(r))) });
    });
  });
}

function request(socket: Socket, payload: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const reader = new VpcdFrameReader();
    const onData = (chunk: Buffer): void => {
      const [frame] = reader.push(new Uint8Array(chunk));
      if (frame) {
        socket.off('data', onData);
        resolve(frame);
      }
    };
    socket.on('data', onData);
    socket.write(vpcdFrame(payload));
  });
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('VpcdBridge', () => {
  it('answers GET ATR and APDUs, and awaits the save hook before each response', async () => {
    const { server, port, next } = await fakeVpcd();
    const card = PivCard.create();
    const events: string[] = [];
    const bridge = new VpcdBridge(card, {
      port,
      afterTransmit: async () => {
        events.push('saved');
      },
      onConnected: () => events.push('connected'),
    });
    cleanup.push(() => bridge.stop(), () => new Promise<void>((r) => server.close(() => r())));
    bridge.start();
    const socket = await next();
    cleanup.push(() => void socket.destroy());
    socket.write(vpcdFrame(Uint8Array.of(0x01)));
    expect(toHex(await request(socket, Uint8Array.of(0x04)))).toBe(toHex(card.atr));
    expect(toHex(await request(socket, h('00A4040005A000000308'))).slice(-4)).toBe('9000');
    expect(toHex(await request(socket, h('00FD000000')))).toBe('0507029000');
    expect(events).toEqual(['connected', 'saved', 'saved']);
    expect(card.apduCount).toBe(2);
  });

  it('reconnects after the reader side goes away (pcscd restarted), with the card powered off', async () => {
    const { server, port, next } = await fakeVpcd();
    const card = PivCard.create();
    const bridge = new VpcdBridge(card, { port, retryMs: 20 });
    cleanup.push(() => bridge.stop(), () => new Promise<void>((r) => server.close(() => r())));
    bridge.start();
    const first = await next();
    first.write(vpcdFrame(Uint8Array.of(0x01)));
    await request(first, h('00A4040005A000000308'));
    first.destroy();
    const second = await next();
    cleanup.push(() => void second.destroy());
    second.write(vpcdFrame(Uint8Array.of(0x02)));
    // a reset clears the selection: PIV commands need SELECT again
    expect(toHex(await request(second, h('00FD000000')))).toBe('6d00');
  });
});
