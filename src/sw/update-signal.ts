/**
 * Carries "a new version is waiting" from registerServiceWorker to <UpdatePrompt/> without a store:
 * `registerServiceWorker(announceUpdateWaiting)` in main.tsx, and the prompt subscribes.
 */
type Apply = () => void;
type Listener = (apply: Apply) => void;

let pending: Apply | null = null;
const listeners = new Set<Listener>();

export function announceUpdateWaiting(apply: Apply): void {
  pending = apply;
  for (const listener of listeners) listener(apply);
}

/** Calls `listener` now if an update is already waiting, and on every later one. Returns unsubscribe. */
export function onUpdateWaiting(listener: Listener): () => void {
  listeners.add(listener);
  if (pending) listener(pending);
  return () => listeners.delete(listener);
}
