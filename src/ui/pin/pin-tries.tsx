import { t, type Lang } from '../i18n';
import type { PinStatusPair } from '../../worker';

/** The PIN's and the unblock code's tries left, as the card profile reads them without spending one (TokenSession.pinStatus). */
export function PinTries({ status, lang }: { status: PinStatusPair | null; lang: Lang }) {
  if (!status) return <p data-testid="pin-tries">{t(lang, 'pinTriesUnknown')}</p>;
  const { pin, unblockCode } = status;
  return (
    <p data-testid="pin-tries" class={pin.blocked ? 'bad-text' : pin.attemptsRemaining === 1 ? 'warn-text' : undefined}>
      <span class="pin-count">
        {pin.blocked
          ? t(lang, 'pinBlockedShort')
          : pin.attemptsRemaining === null
            ? t(lang, 'pinTriesUnknown')
            : t(lang, 'pinTriesLeft', { n: pin.attemptsRemaining })}
      </span>
      {unblockCode !== null && unblockCode.attemptsRemaining !== null ? <span class="muted"> · {t(lang, 'unblockCodeTriesLeft', { n: unblockCode.attemptsRemaining })}</span> : null}
    </p>
  );
}
