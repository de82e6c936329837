/** The Chinese summary at the start of the diagnostics file (issue 16 §3): keys, certificates, problems — no notes. */
import { describe, expect, it } from 'vitest';
import { diagnosticsSummaryZh } from '../../../src/ui/diagnostics-summary';
import { result } from '../../../src/ui/env-check/types';
import type { TokenView } from '../../../src/ui/token-view';
import { certRecord, report, tokenRecord } from '../store/fixtures';

const NOW = new Date('2026-12-06T08:00:00Z');

describe('diagnostics summary in Chinese', () => {
  it('names each key with its 介质序列号 and each certificate with its state, then the problems found', () => {
    const views: TokenView[] = [
      {
        record: tokenRecord('usb:1', { label: '社保（人事科）', serialNumber: '33710354', isDemo: false, notes: '王科员 13800000000' }),
        certificates: [certRecord('usb:1', 0x9a, { role: 'authentication', report: report({ status: 'expiring', daysLeft: 9, notAfter: '2026-12-15T00:00:00Z', caProfileId: 'bjca' }) })],
        live: true, reading: false, error: null, pinStatus: null,
      },
    ];
    const lines = diagnosticsSummaryZh({
      views,
      now: NOW,
      checks: [
        result('usb-permission', 'warn', 'webusb-missing', '尚未授权任何已连接的 USB 设备。', 'No device granted.'),
        result('webusb', 'pass', 'webusb-missing', '浏览器能连接 USB 设备。', 'ok'),
        result('web-smart-card', 'unchecked', 'protected-interface', '未检查。', 'not checked'),
      ],
    });
    const text = lines.join('\n');
    expect(lines[0]).toBe('UKey 助手诊断信息，导出于 2026-12-06。');
    expect(text).toContain('UKEY：共 1 支，本次插着 1 支。');
    expect(text).toContain('1. 社保（人事科），介质序列号 33710354：');
    expect(text).toContain('身份认证（登录）：快到期，至 2026-12-15，还剩 9 天，颁发：北京数字认证（BJCA）');
    expect(text).toContain('全面检查发现 1 个问题：');
    expect(text).toContain('尚未授权任何已连接的 USB 设备。');
    expect(text).toMatch(/另有 1 项未检查/);
    expect(text).not.toContain('13800000000'); // notes stay on the device
    expect(text).not.toMatch(/[A-Za-z]{4,}Error/);
  });
});
