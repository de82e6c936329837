import { useEffect, useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import type { CertificateReport } from '../../shared/pki';
import { ErrorPanel } from '../components/error-panel';
import type { TokenView } from '../token-view';
import { useModel } from '../use-app';
import { CaUnlockPanel } from './ca-unlock';
import { ChangeForm } from './change-form';
import { defaultPinBannerShown } from './pin-offers';
import { PinTries } from './pin-tries';
import { RegisterOffer } from './register-offer';
import { keyOffers } from '../key-offers';
import { tokenPinRules } from './token-pin-rules';
import { UnblockForm } from './unblock-form';
import type { FormTurn, PinFormId } from './use-pin-action';
import { VerifyForm } from './verify-form';

type Forgot = 'closed' | 'choose' | 'unblockCode' | 'ca';

/**
 * The PIN forms of a key that is plugged in and read (issue 8 §2): one tries-left line, one message at a time
 * (the last form used), a confirmation with the new state after change/unblock, and "忘记 PIN？" → the unblock code or the CA.
 */
export function PinPanels({ view, lang }: { view: TokenView; lang: Lang }) {
  const model = useModel();
  const tokenId = view.record.id;
  const [active, setActive] = useState<PinFormId | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [defaultInUse, setDefaultInUse] = useState(false);
  const [unblocked, setUnblocked] = useState(false);
  const [forgot, setForgot] = useState<Forgot>('closed');
  const [pinKnown, setPinKnown] = useState(false);

  useEffect(() => {
    model.readPinStatus(tokenId).then(
      () => setStatusError(null),
      (e: unknown) => setStatusError(e),
    );
  }, [model, tokenId]);

  const turn = (id: PinFormId): FormTurn => ({
    active: active === id,
    onStart: () => {
      setActive(id);
      setStatusError(null);
      setUnblocked(false);
    },
  });
  const reports = view.certificates.map((c) => c.report).filter((r): r is CertificateReport => r !== null);
  const rules = tokenPinRules(reports, view.record.pinPolicy);
  const offers = keyOffers(view.record);
  const pin = view.pinStatus?.pin ?? null;
  const blocked = pin?.blocked ?? false;
  const triesLeft = pin?.attemptsRemaining ?? null;
  const showDefaultWarning = defaultPinBannerShown({ blocked, unblocked, defaultInUse, isDefault: pin?.isDefault === true });
  const numeric = rules.policy.charset === 'digits';
  const onUnblocked = () => {
    setUnblocked(true);
    setDefaultInUse(false);
    setForgot('closed');
  };
  const unblockForm = (
    <UnblockForm tokenId={tokenId} lang={lang} policy={rules.policy} cardPolicy={rules.card} defaults={rules.defaults} unblockCodeTriesLeft={view.pinStatus?.unblockCode?.attemptsRemaining ?? null} pinBlocked={blocked} turn={turn('unblock')} onUnblocked={onUnblocked} />
  );

  return (
    <>
      <PinTries status={view.pinStatus} lang={lang} />
      {unblocked ? (
        <p role="status" class="notice ok" data-testid="unblock-ok">
          {t(lang, 'pinUnblockedState', { tries: triesLeft !== null ? t(lang, 'pinTriesReset', { n: triesLeft }) : '' })}
        </p>
      ) : null}
      {statusError !== null ? <ErrorPanel error={statusError} lang={lang} /> : null}
      {showDefaultWarning ? (
        <div class="notice warn" role="alert" data-testid="default-pin-warning">
          <p>{t(lang, defaultInUse ? 'defaultPinWarning' : 'defaultPinMetadata')}</p>
          <a class="button" href="#change-pin" onClick={(e) => { e.preventDefault(); document.getElementById('change-current')?.focus(); }}>
            {t(lang, 'goChange')}
          </a>
        </div>
      ) : null}
      {blocked ? (
        <>
          <div class="notice bad" role="alert" data-testid="pin-blocked">
            <h2>{t(lang, 'blockedTitle')}</h2>
          </div>
          {offers.unblockCode ? unblockForm : null}
          <CaUnlockPanel profiles={rules.profiles} lang={lang} tokenId={tokenId} />
        </>
      ) : (
        <div class="pin-grid">
          <div>
            <VerifyForm tokenId={tokenId} lang={lang} triesLeft={triesLeft} blocked={blocked} defaults={rules.defaults} numeric={numeric} cardPolicy={rules.card} turn={turn('verify')} onDefaultPin={() => setDefaultInUse(true)} onForgot={() => setForgot('choose')} onVerified={() => setPinKnown(true)} />
            {/* Online unlock escrows the card's unblock code with the CA: only a card that has one is offered it. */}
            {pinKnown && offers.unblockCode ? <RegisterOffer tokenId={tokenId} lang={lang} /> : null}
            {forgot !== 'closed' ? (
              <section class="card forgot" aria-labelledby="forgot-title" data-testid="forgot-panel">
                <h2 id="forgot-title" tabIndex={-1}>{t(lang, 'pinForgotTitle')}</h2>
                <p>{t(lang, 'pinForgotIntro')}</p>
                <p class="actions">
                  {offers.unblockCode ? <button type="button" aria-pressed={forgot === 'unblockCode'} data-testid="forgot-have-puk" onClick={() => setForgot('unblockCode')}>{t(lang, 'pinForgotHaveUnblockCode')}</button> : null}
                  <button type="button" aria-pressed={forgot === 'ca'} data-testid="forgot-no-puk" onClick={() => setForgot('ca')}>{t(lang, 'pinForgotNoUnblockCode')}</button>
                  <button type="button" class="link-button" onClick={() => setForgot('closed')}>{t(lang, 'pinForgotClose')}</button>
                </p>
              </section>
            ) : null}
            {forgot === 'unblockCode' && offers.unblockCode ? unblockForm : null}
            {forgot === 'ca' ? <CaUnlockPanel profiles={rules.profiles} lang={lang} tokenId={tokenId} /> : null}
          </div>
          <ChangeForm tokenId={tokenId} lang={lang} policy={rules.policy} cardPolicy={rules.card} defaults={rules.defaults} triesLeft={triesLeft} blocked={blocked} turn={turn('change')} onChanged={() => { setDefaultInUse(false); setPinKnown(true); }} />
        </div>
      )}
    </>
  );
}
