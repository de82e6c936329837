import { render } from 'preact';
import { registerServiceWorker } from '../sw/register';
import { announceUpdateWaiting } from '../sw/update-signal';
import { openAppDb } from '../store/db';
import { App } from './app';
import { AppModel } from './app-model';
import { loadDriver } from './driver-loader';
import { ModelContext } from './use-app';
import './styles.css';

/** Entry of the window side: no driver, PKI or virtual token here — they load in the worker on demand. */
const model = new AppModel({ openDb: () => openAppDb(), loadDriver });
const root = document.getElementById('app');
if (root) {
  render(
    <ModelContext.Provider value={model}>
      <App />
    </ModelContext.Provider>,
    root,
  );
}
const demo = new URLSearchParams(location.search).get('demo') === '1';
void model.start({ demo });
void registerServiceWorker(announceUpdateWaiting);
