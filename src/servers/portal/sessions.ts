/**
 * The reference portal's sessions: a random id in an HttpOnly, SameSite=Lax cookie (RFC 6265bis §4.1.2.7), kept in
 * memory. The id is replaced at login so an id planted before login never becomes a signed-in session.
 */
import { bytesToBase64Url } from '../../shared/signin/base64';
import type { LoginIdentity } from '../verifier/identity';

export const SESSION_COOKIE = 'ukey_portal_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const IDLE_MS = 30 * 60_000;

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

export class SessionTable {
  private readonly sessions = new Map<string, PortalSession>();

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
    return session;
  }

  create(identity: LoginIdentity | null = null): PortalSession {
    this.sweep();
    const session: PortalSession = { id: bytesToBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(32))), identity, lastSeen: Date.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) if (now - session.lastSeen > IDLE_MS) this.sessions.delete(id);
  }
}
