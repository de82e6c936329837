import { describe, expect, it, vi } from 'vitest';
import { applyFix, FIX_ACTIONS, pairedRefFromRecord, type FixDependencies } from '../../../src/ui/env-check';

function deps(): FixDependencies & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    requestPersist: vi.fn(async () => {
      calls.push('persist');
      return false;
    }),
    openPairing: () => calls.push('pair'),
    updateApp: async () => {
      calls.push('update');
    },
    reload: () => calls.push('reload'),
  };
}

describe('applyFix', () => {
  it('runs exactly the matching action', async () => {
    const expected = { 'request-persistent-storage': 'persist', 're-pair': 'pair', 'update-app': 'update', reload: 'reload' };
    for (const action of FIX_ACTIONS) {
      const d = deps();
      await applyFix(action, d);
      expect(d.calls).toEqual([expected[action]]);
    }
  });
  it('reports a refused persistence request as not done', async () => {
    expect(await applyFix('request-persistent-storage', deps())).toBe(false);
  });
});

describe('pairedRefFromRecord', () => {
  it('reads VID:PID:serial as hex', () => {
    expect(pairedRefFromRecord({ id: '096e:0807:ABC:1', label: '案管', isDemo: false })).toEqual({
      id: '096e:0807:ABC:1',
      vendorId: 0x096e,
      productId: 0x0807,
      usbSerialNumber: 'ABC:1',
      label: '案管',
      isDemo: false,
    });
    expect(pairedRefFromRecord({ id: '096E:0807', label: '', isDemo: false })?.usbSerialNumber).toBeNull();
    // The worker writes "-" for a device without a USB serial number.
    expect(pairedRefFromRecord({ id: '096e:0807:-', label: '', isDemo: false })?.usbSerialNumber).toBeNull();
    expect(pairedRefFromRecord({ id: '096e:0807:', label: '', isDemo: false })?.usbSerialNumber).toBeNull();
  });
  it('keeps demo tokens of any id, drops other unreadable ids', () => {
    expect(pairedRefFromRecord({ id: 'demo-1', label: '', isDemo: true })?.isDemo).toBe(true);
    expect(pairedRefFromRecord({ id: 'whatever', label: '', isDemo: false })).toBeNull();
  });
});
