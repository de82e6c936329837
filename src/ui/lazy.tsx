import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Renders what a lazily imported module gives (heavy screens stay out of the first-load bundle, issue 4 §3).
 * While loading shows `loading`; if the chunk cannot be fetched shows `failed` (never a blank screen).
 */
export function Lazy<M>({ load, render, loading, failed }: {
  load: () => Promise<M>;
  render: (module: M) => ComponentChildren;
  loading: ComponentChildren;
  failed: ComponentChildren;
}) {
  const [state, setState] = useState<{ module: M } | 'loading' | 'failed'>('loading');
  useEffect(() => {
    let live = true;
    setState('loading');
    load().then(
      (module) => live && setState({ module }),
      () => live && setState('failed'),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (state === 'loading') return <>{loading}</>;
  if (state === 'failed') return <>{failed}</>;
  return <>{render(state.module)}</>;
}
