import { useState } from 'preact/hooks';

/** Busy / error / success state of one PIN operation; `run` calls the operation exactly once, never again. */
export function usePinAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const run = async (operation: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await operation();
      setDone(true);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}
