import { useEffect, useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { loadDriver } from '../driver-loader';
import { onlineUnlockOffered } from './pin-offers';
import type { CaProfile } from '../../shared/ca-profiles';
import { hrefFor } from '../router';
import { CaServiceRoute } from '../components/ca-service-route';

/**
 * The CA route for a forgotten or blocked PIN without the unblock code (seeds 002/003): request, the CA checks the
 * registered contact, sends an unlock code. Hotlines are labelled with their CA, never bare numbers.
 */
export function CaUnlockPanel({ profiles, lang, tokenId }: { profiles: readonly CaProfile[]; lang: Lang; tokenId?: string }) {
  const caName = (p: CaProfile) => (lang === 'zh-CN' ? p.name.zh : p.name.en);
  // Online unlock only for a key registered with its CA (issue 16 §2): an unregistered key's request would be
  // approved and then fail at the very end, so such a key sees the CA's own route at once.
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    let live = true;
    if (tokenId !== undefined) {
      void loadDriver()
        .then((d) => d.unlock.unlockStatus(tokenId))
        .then((s) => live && setOffered(onlineUnlockOffered(s)), () => live && setOffered(false));
    }
    return () => void (live = false);
  }, [tokenId]);
  const lines = profiles.flatMap((p) => p.hotlines.map((h) => ({ ca: caName(p), number: h })));
  return (
    <aside class="card" aria-labelledby="ca-unlock-title" data-testid="ca-unlock">
      <h2 id="ca-unlock-title">{t(lang, 'caUnlockTitle')}</h2>
      <p>{t(lang, 'caUnlockSteps')}</p>
      {tokenId !== undefined && offered ? (
        <p>
          <a class="button" href={hrefFor({ name: 'unlock', tokenId })} data-testid="online-unlock-link">
            {t(lang, 'caUnlockOnline')}
          </a>
        </p>
      ) : null}
      {lines.length > 0 ? (
        <dl class="facts">
          {lines.map((l) => (
            <>
              <dt key={`${l.number}-t`}>{t(lang, 'caUnlockHotline', { ca: l.ca })}</dt>
              <dd key={l.number}>
                <a class="mono" href={`tel:${l.number}`}>{l.number}</a>
              </dd>
            </>
          ))}
        </dl>
      ) : null}
      {/* A CA whose manuals publish no hotline (四川CA, CFCA in our sources): its website and service desk instead. */}
      {profiles.filter((p) => p.hotlines.length === 0).map((p) => <CaServiceRoute key={p.id} profileId={p.id} lang={lang} />)}
      <p class="muted small">{t(lang, 'caUnlockNotes')}</p>
      <p>
        <a href={hrefFor({ name: 'guides', guideId: 'unlock' })}>{t(lang, 'caUnlockGuide')}</a>
      </p>
    </aside>
  );
}
