import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { CertificateReport } from '../../pki/certificate-report';
import { ErrorPanel } from '../components/error-panel';
import { ChangeForm } from '../pin/change-form';
import { PinTries } from '../pin/pin-tries';
import { tokenPinRules } from '../pin/token-pin-rules';
import { UnblockForm } from '../pin/unblock-form';
import { VerifyForm } from '../pin/verify-form';
import { hrefFor } from '../router';
import { useAppState, useModel } from '../use-app';

/**
 * PIN management (issue 4 §1): tries left shown before every attempt (read without spending one), default-PIN
 * warning leading to a change, CA policy, last-try confirmation, blocked → PUK unblock now, CA unlock later.
 * Loaded lazily with the CA profile table.
 */
export function PinScreen({ tokenId }: { tokenId: string }) {
  const model = useModel();
  const state = useAppState();
  const { lang } = state;
  const view = state.tokens.get(tokenId);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [defaultInUse, setDefaultInUse] = useState(false);

  useEffect(() => {
    model.readPinStatus(tokenId).then(
      () => setStatusError(null),
      (e: unknown) => setStatusError(e),
    );
  }, [model, tokenId]);

  if (!view) {
    return (
      <section>
        <h1>{t(lang, 'pinTitle')}</h1>
        <p>{t(lang, 'tokenNotFound')}</p>
        <a href={hrefFor({ name: 'dashboard' })}>{t(lang, 'back')}</a>
      </section>
    );
  }
  const reports = view.certificates.map((c) => c.report).filter((r): r is CertificateReport => r !== null);
  const rules = tokenPinRules(reports);
  const pin = view.pinStatus?.pin ?? null;
  const blocked = pin?.blocked ?? false;
  const triesLeft = pin?.attemptsRemaining ?? null;
  const showDefaultWarning = defaultInUse || pin?.isDefault === true;
  const toChange = () => document.getElementById('change-current')?.focus();

  return (
    <section aria-labelledby="pin-title">
      <h1 id="pin-title">
        {t(lang, 'pinTitle')}: {view.record.label || view.record.model || view.record.productName}
      </h1>
      <PinTries status={view.pinStatus} lang={lang} />
      {statusError !== null ? <ErrorPanel error={statusError} lang={lang} /> : null}
      {showDefaultWarning ? (
        <div class="notice warn" role="alert" data-testid="default-pin-warning">
          <p>{t(lang, defaultInUse ? 'defaultPinWarning' : 'defaultPinMetadata')}</p>
          <a class="button" href="#change-pin" onClick={(e) => { e.preventDefault(); toChange(); }}>
            {t(lang, 'goChange')}
          </a>
        </div>
      ) : null}
      {blocked ? (
        <>
          <div class="notice bad" role="alert" data-testid="pin-blocked">
            <h2>{t(lang, 'blockedTitle')}</h2>
            <a href={hrefFor({ name: 'guides', guideId: 'pin-locked' })}>{t(lang, 'guideLink')}</a>
          </div>
          <UnblockForm tokenId={tokenId} lang={lang} policy={rules.policy} defaults={rules.defaults} pukTriesLeft={view.pinStatus?.puk.attemptsRemaining ?? null} onUnblocked={() => setDefaultInUse(false)} />
          <aside class="card" aria-labelledby="ca-unlock-title" data-testid="ca-unlock">
            <h2 id="ca-unlock-title">{t(lang, 'caUnlockTitle')}</h2>
            <p>{t(lang, 'caUnlockText')}</p>
            {rules.profiles.flatMap((p) => p.hotlines).map((h) => <p key={h} class="mono">{h}</p>)}
          </aside>
        </>
      ) : (
        <>
          <VerifyForm tokenId={tokenId} lang={lang} triesLeft={triesLeft} blocked={blocked} defaults={rules.defaults} onDefaultPin={() => setDefaultInUse(true)} />
          <ChangeForm tokenId={tokenId} lang={lang} policy={rules.policy} defaults={rules.defaults} triesLeft={triesLeft} blocked={blocked} onChanged={() => setDefaultInUse(false)} />
        </>
      )}
    </section>
  );
}
