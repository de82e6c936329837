import { useEffect, useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { loadDriver } from '../driver-loader';
import { hrefFor } from '../router';

/**
 * Online-unlock registration offered when the PIN is known — right after a successful verify or change (issue
 * 16 §2): registering needs the PIN, which is exactly what a clerk who already forgot it does not have.
 */
export function RegisterOffer({ tokenId, lang }: { tokenId: string; lang: Lang }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    let live = true;
    void loadDriver()
      .then((d) => d.unlock.unlockStatus(tokenId))
      .then((s) => live && setShow(!s.registered && s.escrowPhase === null), () => live && setShow(false));
    return () => void (live = false);
  }, [tokenId]);
  if (!show) return null;
  return (
    <p class="notice" data-testid="register-offer">
      {t(lang, 'registerOffer')} <a href={hrefFor({ name: 'unlock', tokenId })}>{t(lang, 'registerOfferLink')}</a>
    </p>
  );
}
