/**
 * The short Chinese summary the diagnostics file starts with (issue 16 §3): what a CA hotline asks first —
 * which keys, which certificates until when, which problems the full check found — before the technical data.
 * Public facts only (no notes, no PIN: the window never has one).
 */
import { caName } from './ca-routes';
import { CHECK_TITLES, type CheckResult } from './env-check';
import { certificateRoleKey, formatDate, type TokenView } from './token-view';
import { t } from './i18n';
import { viewName } from './key-name';

const STATUS_ZH = { valid: '有效', expiring: '快到期', expired: '已过期', 'not-yet-valid': '尚未生效' } as const;

export function diagnosticsSummaryZh(input: { readonly checks: readonly CheckResult[]; readonly views: readonly TokenView[]; readonly now: Date }): string[] {
  const lang = 'zh-CN';
  const lines: string[] = [`UKey 助手诊断信息，导出于 ${formatDate(input.now.toISOString())}。`];
  const certOnly = input.views.filter((v) => v.record.transport === 'certificate-only').length;
  const plugged = input.views.filter((v) => v.live).length;
  lines.push(`UKEY：共 ${input.views.length} 支，本次插着 ${plugged} 支${certOnly > 0 ? `，其中 ${certOnly} 支只记录了证书` : ''}。`);
  input.views.forEach((view, i) => {
    const serial = view.record.serialNumber ? `，介质序列号 ${view.record.serialNumber}` : '';
    lines.push(`${i + 1}. ${viewName(view, lang)}${serial}${view.record.isDemo ? '（演示）' : ''}：`);
    for (const cert of view.certificates) {
      const r = cert.report;
      const role = t(lang, certificateRoleKey(cert, view.record.transport === 'certificate-only'));
      if (!r) {
        lines.push(`   - ${role}：无法读取`);
        continue;
      }
      const ca = caName(r.caProfileId, lang) ?? r.issuer.O ?? r.issuer.CN ?? '';
      const days = r.status === 'expiring' ? `，还剩 ${r.daysLeft} 天` : '';
      lines.push(`   - ${role}：${STATUS_ZH[r.status]}，至 ${formatDate(r.notAfter)}${days}${ca ? `，颁发：${ca}` : ''}${r.clockSuspect ? '（电脑时间可能不对）' : ''}`);
    }
  });
  const problems = input.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  const unchecked = input.checks.filter((c) => c.status === 'unchecked');
  lines.push(problems.length === 0 ? '全面检查：没有发现问题。' : `全面检查发现 ${problems.length} 个问题：`);
  for (const p of problems) lines.push(`   - ${CHECK_TITLES[p.id]['zh-CN']}：${p.cause['zh-CN']}`);
  if (unchecked.length > 0) lines.push(`另有 ${unchecked.length} 项未检查：${unchecked.map((c) => CHECK_TITLES[c.id]['zh-CN']).join('、')}。`);
  lines.push('以下是技术数据（英文），供 CA 或技术支持查看；其中不含任何 PIN。');
  return lines;
}
