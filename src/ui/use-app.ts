import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { AppModel, AppState } from './app-model';

export const ModelContext = createContext<AppModel | null>(null);

export function useModel(): AppModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('ModelContext missing'); // a wiring bug, caught by any render test
  return model;
}

/** The current app state; re-renders on every change. */
export function useAppState(): AppState {
  const model = useModel();
  const [state, setState] = useState(model.getState());
  useEffect(() => {
    setState(model.getState());
    return model.subscribe(setState);
  }, [model]);
  return state;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The current hash, updated on navigation. */
export function useHash(): string {
  const [hash, setHash] = useState(typeof location === 'undefined' ? '' : location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}
