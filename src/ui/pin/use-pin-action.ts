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

/**
 * The PIN page's forms share one "last action" (issue 8 §2): a form's message shows only while that form was
 * the last one used, so two panels with different tries-left counts can never be on screen together.
 */
export type PinFormId = 'verify' | 'change' | 'unblock';

export interface FormTurn {
  /** This form was the last one the user submitted: its outcome may show. */
  readonly active: boolean;
  /** Called on every submit, before the checks: clears the other forms' messages. */
  readonly onStart: () => void;
}
