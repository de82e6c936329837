import { t, type Lang } from '../i18n';
import type { CertificateReport } from '../../shared/pki';
import { hrefFor } from '../router';
import { badgeFor } from '../token-view';

export function StatusBadge({ report, lang }: { report: CertificateReport; lang: Lang }) {
  const badge = badgeFor(report, lang);
  return (
    <span class="badge-wrap">
      <span class={`badge ${badge.tone}`} data-status={report.status}>
        {badge.text}
      </span>
      {badge.clockHint ? (
        <span class="clock-hint" data-testid="clock-hint">
          {t(lang, 'clockHint')} <a href={hrefFor({ name: 'guides', guideId: 'clock-wrong' })}>{t(lang, 'detailsGuide')}</a>
        </span>
      ) : null}
    </span>
  );
}
