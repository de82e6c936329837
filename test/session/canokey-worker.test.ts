/**
 * A CanoKey through the driver worker's service (issue 18 §1): listed by the CanoKey source as webusb-canokey,
 * opened by the PIV profile (detection by SELECT), PIN verified, and the helpdesk export's USB capture holds the
 * EP0 traffic with the PIN zeroed; the link description names the web interface.
 */
import { describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { CanoKeySource } from '../../src/sources/canokey/canokey-source';
import { createDeviceService } from '../../src/worker/device-service';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { VirtualCanoKey } from '../../src/virtual/canokey/virtual-canokey';
import { VirtualCanoKeyBus } from '../../src/virtual/canokey/virtual-canokey-bus';

const noDemo = () => Promise.reject(new Error('unused'));

describe('CanoKey through the worker service', () => {
  it('lists, opens, verifies the PIN; the capture in the export has the EP0 traffic with the PIN zeroed', async () => {
    const bus = new VirtualCanoKeyBus();
    bus.plug(new VirtualCanoKey(PivCard.create({ kind: 'canokey' }), { serialNumber: 'CK1' }));
    const service = createDeviceService({ sources: [new CanoKeySource(bus, { keepaliveMs: 0 })], loadDemo: noDemo });
    const listed = await service.tokens.listPairedTokens();
    expect(listed).toMatchObject([{ id: '20a0:42d4:CK1', transport: 'webusb-canokey', vendor: 'canokeys.org', model: 'CanoKey' }]);
    await service.tokens.open('20a0:42d4:CK1');
    expect((await service.pin.getPinStatus('20a0:42d4:CK1')).pin).toMatchObject({ attemptsRemaining: 3 });
    await service.pin.verifyPin('20a0:42d4:CK1', FACTORY_DEFAULTS.PIN);
    expect(await service.diagnostics.describeLink('20a0:42d4:CK1')).toMatchObject({ transport: 'webusb-canokey', interfaceNumber: 1 });
    const capture = Buffer.from(await service.diagnostics.getUsbCapture('20a0:42d4:CK1'));
    expect(capture.readUInt32LE(20)).toBe(249); // USBPcap linktype
    expect(capture.indexOf(Buffer.from('A000000308', 'hex'))).toBeGreaterThan(0); // SELECT kept for the helpdesk
    expect(capture.indexOf(Buffer.from('0020008008' + '00'.repeat(8), 'hex'))).toBeGreaterThan(0); // VERIFY, PIN zeroed
    expect(capture.indexOf(Buffer.from('313233343536', 'hex'))).toBe(-1);
    expect(JSON.stringify(await service.diagnostics.getTrafficLog('20a0:42d4:CK1'))).not.toContain('313233343536');
    await service.tokens.close('20a0:42d4:CK1');
  });
});
