/** The service worker did not take a request handed to it (code review §4: only it writes the outbox). */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

/**
 * No service worker answered the hand-over: the page was opened in a way that bypasses it (a forced reload) or
 * the browser has none. Nothing was queued; a normal reload brings the service worker back.
 */
export class OutboxUnavailableError extends UKeyError {
  override readonly name = 'OutboxUnavailableError';
  readonly guideId: GuideId = 'app-update';

  constructor(
    readonly status: number,
    message = `the service worker did not take the request (HTTP ${status})`,
  ) {
    super(message);
  }

  override toFields(): Record<string, number> {
    return { status: this.status };
  }
}
registerError('OutboxUnavailableError', (message, f) => new OutboxUnavailableError(Number(f.status), message));
