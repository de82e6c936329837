/**
 * Error modules that only the window raises (they never cross the worker boundary, so the worker's list in
 * worker/all-errors.ts leaves them out and the worker bundle carries no window code). The completeness test
 * in test/session/worker-service.test.ts checks both lists together against every registerError call.
 */
import './env-check/descriptor-error';
import './cert-only/errors';

export const WINDOW_ERROR_MODULES = ['ui/env-check/descriptor-error.ts', 'ui/cert-only/errors.ts'] as const;
