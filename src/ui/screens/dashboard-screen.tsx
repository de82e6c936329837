import { t } from '../../i18n';
import { Notices } from '../components/notices';
import { TokenCard } from '../components/token-card';
import { hrefFor } from '../router';
import { sortTokens } from '../token-view';
import { useAppState, useModel, useOnline } from '../use-app';

/** Every paired token, soonest-expiring first; cached data marked as such (issue 4 §1). */
export function DashboardScreen() {
  const model = useModel();
  const state = useAppState();
  const online = useOnline();
  const { lang } = state;
  const views = sortTokens([...state.tokens.values()]);
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t(lang, 'dashboardTitle')}</h1>
      <Notices lang={lang} corrupt={state.corrupt} storageError={state.storageError} />
      {views.length === 0 && state.loaded ? (
        <p>
          {t(lang, 'dashboardEmpty')} <a href={hrefFor({ name: 'pair' })}>{t(lang, 'dashboardEmptyAction')}</a>
        </p>
      ) : null}
      <div class="cards">
        {views.map((view) => (
          <TokenCard key={view.record.id} view={view} lang={lang} online={online} onLabel={(label) => void model.setLabel(view.record.id, label)} />
        ))}
      </div>
    </section>
  );
}
