/**
 * A small WebSocket server (RFC 6455) for the E2E USB double: text frames only, which is all the double sends.
 * Node 20 has a WebSocket client but no server, and the project does not depend on a WebSocket package; the
 * subset here is the opening handshake (§4.2.2: Sec-WebSocket-Accept = base64(SHA-1(key + GUID))), masked client
 * frames with 7/16/64-bit lengths and fragmentation (§5.2, §5.4), unmasked server frames, ping/pong and close
 * (§5.5).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface MiniSocket {
  send(text: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode; // FIN + opcode; a server never masks (§5.1)
  if (length < 126) head[1] = length;
  else if (length < 65_536) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

function accept(socket: Duplex): MiniSocket {
  let buffered = Buffer.alloc(0);
  let fragments: Buffer[] = [];
  const messageListeners: ((text: string) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    closeListeners.forEach((listener) => listener());
    socket.destroy();
  };
  const write = (bytes: Buffer): void => {
    if (!closed && socket.writable) socket.write(bytes);
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const fin = (buffered[0]! & 0x80) !== 0;
      const opcode = buffered[0]! & 0x0f;
      const masked = (buffered[1]! & 0x80) !== 0;
      let length = buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffered[maskOffset + (i % 4)]!;
      buffered = buffered.subarray(offset + length);
      if (opcode === OP.close) {
        write(frame(OP.close, Buffer.alloc(0)));
        finish();
        return;
      }
      if (opcode === OP.ping) {
        write(frame(OP.pong, payload));
        continue;
      }
      if (opcode === OP.pong) continue;
      fragments.push(payload);
      if (!fin) continue;
      const text = Buffer.concat(fragments).toString('utf8');
      fragments = [];
      messageListeners.forEach((listener) => listener(text));
    }
  });
  socket.on('close', finish);
  socket.on('error', finish);
  return {
    send: (text) => write(frame(OP.text, Buffer.from(text, 'utf8'))),
    onMessage: (listener) => messageListeners.push(listener),
    onClose: (listener) => closeListeners.push(listener),
    close: () => {
      write(frame(OP.close, Buffer.alloc(0)));
      finish();
    },
  };
}

/** Listens on 127.0.0.1:`port`; each upgraded connection is handed to `onConnection`. */
export function startMiniWebSocketServer(port: number, onConnection: (socket: MiniSocket) => void): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(426).end();
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const acceptKey = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptKey}`, '', ''].join('\r\n'));
    onConnection(accept(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
