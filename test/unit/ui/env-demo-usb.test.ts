/**
 * 全面检查 with only the demo key (issue 16 §3; UX walk finding 13): the virtual demo key needs no USB permission,
 * so "no USB device allowed yet" is not a problem while the dashboard says the demo key is plugged in.
 */
import { describe, expect, it } from 'vitest';
import { checkUsbPermission } from '../../../src/ui/env-check/checks-devices';
import { fakeEnv } from '../env-check/fake-env';

const DEMO = { id: 'demo', vendorId: -1, productId: -1, usbSerialNumber: null, label: '', isDemo: true };

describe('USB permission with the demo key', () => {
  it('only the demo key paired, no USB device granted: passes, saying the demo needs none', async () => {
    const r = await checkUsbPermission(fakeEnv({ listPairedTokens: async () => [DEMO] }), []);
    expect(r.status).toBe('pass');
    expect(r.cause['zh-CN']).toContain('演示 UKEY');
    expect(r.fix).toBeUndefined();
  });

  it('no key at all and no device granted is still a problem with the 重新添加 fix', async () => {
    const r = await checkUsbPermission(fakeEnv(), []);
    expect(r.status).toBe('warn');
    expect(r.fix?.action).toBe('re-pair');
  });
});
