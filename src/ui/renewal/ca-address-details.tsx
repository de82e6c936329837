/**
 * The CA's renewal address under 技术详情 (issue 16 §2, UX walk finding 9): it comes from the certificate's CA
 * profile (src/shared/ca-profiles/ca-services.ts) and is shown for the hotline, never as a field on the screen.
 * Only the demo UKEY's local reference CA (`npm run ca -- serve --demo --port N`) may be pointed elsewhere, and
 * the worker honours that for the demo-only CA alone (StartRenewalParams.caUrl).
 */
import type { Lang } from '../i18n/lang';
import { t } from '../i18n';
import { rt } from '../i18n/renewal-texts';

export function CaAddressDetails({ lang, demo, editable, url, onUrl }: { lang: Lang; demo: boolean; editable: boolean; url: string; onUrl: (url: string) => void }) {
  return (
    <details class="tech" data-testid="renewal-tech">
      <summary>{t(lang, 'techDetails')}</summary>
      {demo && editable ? (
        <label>
          {rt(lang, 'demoCaUrlLabel')}
          <input type="url" required value={url} onInput={(e) => onUrl(e.currentTarget.value)} data-testid="renewal-ca-url" />
        </label>
      ) : (
        <p>
          {rt(lang, 'caUrlLabel')}：<span class="mono" data-testid="renewal-ca-address">{url}</span>
        </p>
      )}
    </details>
  );
}
