/**
 * The reference portal's sessions: a random id in an HttpOnly, SameSite=Lax cookie (RFC 6265bis §4.1.2.7), kept in
 * memory. The id is replaced at login so an id planted before login never becomes a signed-in session.
 */
import { bytesToBase64Url } from '../../shared/signin';
import type { LoginIdentity } from '../verifier/identity';

export const SESSION_COOKIE = 'ukey_portal_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const IDLE_MS = 30 * 60_000;
/** ~1 KB a signed-in session (the identity): 100,000 is ~100 MB at most. */
export const DEFAULT_MAX_SESSIONS = 100_000;

/** The session table is full (issue 14 §4): the portal answers 503 rather than grow without bound. */
export class SessionTableFullError extends Error {
  override readonly name = 'SessionTableFullError';
  readonly code = 'SESSION_TABLE_FULL';

  constructor(readonly maxSessions: number) {
    super(`the portal holds its maximum of ${maxSessions} sessions; try again when idle ones have expired`);
  }
}

export interface PortalSession {
  readonly id: string;
  identity: LoginIdentity | null;
  lastSeen: number;
}

/** The value of one cookie in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function sessionCookie(id: string, secure: boolean, maxAgeSeconds?: number): string {
  const attributes = [`${SESSION_COOKIE}=${id}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (secure) attributes.push('Secure');
  if (maxAgeSeconds !== undefined) attributes.push(`Max-Age=${maxAgeSeconds}`);
  return attributes.join('; ');
}

/**
 * Sessions in a Map ordered by last use: a session found moves to the back, so idle ones gather at the front and
 * each create drops those and stops at the first live one — amortised O(1) (a full sweep per create made a
 * flood of cookie-less challenge requests quadratic).
 */
export class SessionTable {
  private readonly sessions = new Map<string, PortalSession>();
  readonly maxSessions: number;

  constructor(options: { maxSessions?: number } = {}) {
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  }

  /** The live session named by the Cookie header, or null. */
  find(cookieHeader: string | undefined): PortalSession | null {
    const id = readCookie(cookieHeader, SESSION_COOKIE);
    if (!id || !SESSION_ID.test(id)) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (Date.now() - session.lastSeen > IDLE_MS) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeen = Date.now();
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  create(identity: LoginIdentity | null = null): PortalSession {
    this.dropIdle();
    if (this.sessions.size >= this.maxSessions) throw new SessionTableFullError(this.maxSessions);
    const session: PortalSession = { id: bytesToBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(32))), identity, lastSeen: Date.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Sessions held (for tests). */
  get size(): number {
    return this.sessions.size;
  }

  private dropIdle(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen <= IDLE_MS) return;
      this.sessions.delete(id);
    }
  }
}
