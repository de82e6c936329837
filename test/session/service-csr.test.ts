/**
 * DeviceService.createCsr through the worker hop (comlink over a MessageChannel): the PIN is verified once,
 * the request is signed by the token's key, and OpenSSL accepts it (issue 3 §4).
 */
import { expose, wrap, type Endpoint } from 'comlink';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { FACTORY_DEFAULTS } from '../../src/piv/constants';
import { provisionDemoTokenWithCa } from '../../src/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual-token/virtual-usb-device';
import { DeviceServiceImpl } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import { DEMO_TOKEN_ID, describeDevice } from '../../src/worker/token-directory';

const dir = mkdtempSync(join(tmpdir(), 'ukey-service-csr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): string {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

describe('DeviceService.createCsr', () => {
  it('verifies the PIN once, signs on the token, and openssl accepts the request with the 9A subject', async () => {
    installErrorTransfer();
    const { card, caCertificate } = await provisionDemoTokenWithCa();
    let verifies = 0;
    const transmit = card.transmit.bind(card);
    card.transmit = (apdu: Uint8Array) => {
      if (apdu[1] === 0x20 && apdu.length > 5) verifies++;
      return transmit(apdu);
    };
    const device = new VirtualUsbDevice(card);
    const usb = new VirtualUsb();
    usb.plug(device);
    const service = new DeviceServiceImpl({
      usb: null,
      loadDemo: async () => ({ paired: describeDevice(device, DEMO_TOKEN_ID, 'virtual', true), device, usb, trustAnchors: [caCertificate] }),
    });
    const channel = new MessageChannel();
    expose(service, channel.port1 as unknown as Endpoint);
    const remote = wrap<DeviceService>(channel.port2 as unknown as Endpoint);
    try {
      await remote.startDemoToken();
      const key = await remote.generateKey(DEMO_TOKEN_ID, 0x83, 'ECC-P256', FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);

      const wrong = await remote
        .createCsr(DEMO_TOKEN_ID, { slot: 0x83, algorithm: 'ECC-P256', pin: '000000', subjectFromSlot: 0x9a, publicKeySpki: key.spki })
        .catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(WrongPinError);
      expect(verifies).toBe(1); // one wrong try, never retried

      const csr = await remote.createCsr(DEMO_TOKEN_ID, {
        slot: 0x83,
        algorithm: 'ECC-P256',
        pin: FACTORY_DEFAULTS.PIN,
        subjectFromSlot: 0x9a,
        publicKeySpki: key.spki,
      });
      expect(verifies).toBe(2);
      writeFileSync(join(dir, 'req.der'), csr);
      // OpenSSL 3.0 `req -verify` exits 0 even on a bad signature: judge by the printed verdict.
      const verdict = openssl(['req', '-verify', '-in', 'req.der', '-inform', 'DER', '-noout']);
      expect(verdict).toMatch(/verify OK/i);
      expect(verdict).not.toMatch(/failure/i);
      expect(openssl(['req', '-in', 'req.der', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'utf8'])).toContain('张三');
    } finally {
      channel.port1.close();
      channel.port2.close();
    }
  });
});
