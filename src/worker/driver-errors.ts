/**
 * The window's view of a driver worker that stopped answering (issue 7 §2: never a form busy forever): it
 * crashed (an uncaught error or a message it could not read) or a call outran its time limit. The worker is
 * restarted for the next call; the form in flight is told why.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

export class DriverCrashedError extends UKeyError {
  override readonly name = 'DriverCrashedError';
  readonly guideId: GuideId = 'app-update';
  readonly operation: string;

  constructor(operation: string, message = `The key's background task stopped during ${operation}; it has been restarted`) {
    super(message);
    this.operation = operation;
  }

  override toFields(): Record<string, string> {
    return { operation: this.operation };
  }
}
registerError('DriverCrashedError', (message, fields) => new DriverCrashedError(String(fields.operation ?? ''), message));

export class DriverTimeoutError extends UKeyError {
  override readonly name = 'DriverTimeoutError';
  readonly guideId: GuideId = 'device-busy';
  readonly operation: string;
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number, message = `${operation} got no answer within ${Math.round(timeoutMs / 1000)} s`) {
    super(message);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }

  override toFields(): Record<string, string | number> {
    return { operation: this.operation, timeoutMs: this.timeoutMs };
  }
}
registerError('DriverTimeoutError', (message, fields) => new DriverTimeoutError(String(fields.operation ?? ''), Number(fields.timeoutMs ?? 0), message));
