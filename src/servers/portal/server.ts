/**
 * The reference portal (issue 9 §5): login page, POST /ukey/challenge, POST /ukey/verify, a page showing who
 * signed in; CSP, COOP same-origin-allow-popups (so the app popup keeps its opener), Origin check on POSTs,
 * rate limit (per client address, behind trusted proxies) and audit log. Everything a real portal would do with
 * the verifier, and nothing more.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TrustStore } from '../../shared/pki';
import { issueChallenge, type ChallengeStore } from '../verifier/challenge-store';
import { ChallengeStoreFullError, LoginVerificationError } from '../verifier/errors';
import { LIMITS } from '../verifier/limits';
import { verifyLogin } from '../verifier/verify-login';
import type { AuditLog } from './audit-log';
import { LOGIN_SCRIPT, loginPage, PORTAL_CSS, signedInPage } from './pages';
import { clientAddress, rateLimitKey, TrustedProxies } from './client-address';
import { FixedWindowRateLimit, type RateLimitOptions } from './rate-limit';
import { portalSdkJavaScript } from './sdk-script';
import { sessionCookie, SessionTable, SessionTableFullError, type PortalSession } from './sessions';

export interface PortalConfig {
  /** The origin the portal's pages are served from: the only one accepted in payloads and Origin headers. */
  readonly origin: string;
  /** The app's sign page the SDK opens. */
  readonly appUrl: string;
  readonly trust: TrustStore;
  readonly crls?: readonly Uint8Array[];
  readonly store: ChallengeStore;
  readonly audit: AuditLog;
  /** Requests to /ukey/* per client address and window; default 30 per minute. */
  readonly rateLimit?: RateLimitOptions;
  /**
   * Addresses or CIDR blocks of the reverse proxies in front of the portal (`--trust-proxy`). Their
   * X-Forwarded-For entries name the client; without this the header is ignored and the socket peer is the client.
   */
  readonly trustProxy?: readonly string[];
  /** Sessions held at most (default 100,000); over it a new visitor's challenge request gets 503. */
  readonly maxSessions?: number;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  // HTML §7.1.3: keeps window.opener between the portal and the popup it opens (same-origin would cut it).
  'cross-origin-opener-policy': 'same-origin-allow-popups',
  'x-content-type-options': 'nosniff',
  // Fetch §3.2.5 (serializing a request origin): under `no-referrer` a form POST carries `Origin: null`, which
  // the Origin check below refuses — 退出登录 did nothing (issue 16 §3). `same-origin` sends the real origin to
  // ourselves and still no referrer to anyone else.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** How long a client is asked to wait when the challenge store is full (the oldest entries fall due meanwhile). */
const STORE_FULL_RETRY_SECONDS = 60;
const STORE_FULL_MESSAGE = '登录请求过多，服务器暂时无法发放新的登录挑战，请一分钟后再试。 ' +
  'Too many sign-ins are in progress; the portal cannot issue a new challenge now — try again in a minute.';

export async function buildPortal(config: PortalConfig): Promise<FastifyInstance> {
  const proxies = config.trustProxy && config.trustProxy.length > 0 ? new TrustedProxies(config.trustProxy) : null;
  const app = Fastify({
    bodyLimit: LIMITS.envelopeChars,
    // The client address is ours to work out (client-address.ts); Fastify's own request.ip stays the socket peer.
    trustProxy: false,
    // A URL Fastify cannot decode is answered before any hook runs: give it the frame-refusing headers too.
    frameworkErrors: (_error, _request, reply) => {
      // Fastify types this reply generically; the raw response is all that is needed for a fixed answer.
      reply.raw.writeHead(400, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify({ error: 'BAD_REQUEST' }));
    },
  });
  const clientOf = (request: FastifyRequest): string =>
    clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], proxies);
  const sessions = new SessionTable(config.maxSessions === undefined ? {} : { maxSessions: config.maxSessions });
  const limiter = new FixedWindowRateLimit(config.rateLimit ?? { limit: 30, windowMs: 60_000 });
  const secure = config.origin.startsWith('https:');
  const sdk = portalSdkJavaScript();

  // The envelope is verified from its exact text, so duplicate keys are caught (JSON.parse would hide them).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // The 退出登录 form posts an empty urlencoded body (HTML §4.10.21.8); without a parser Fastify answered 415.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, null));

  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // RFC 6797 §7.1: an https portal tells browsers never to reach it over plain http again (one year).
    if (secure) reply.header('strict-transport-security', 'max-age=31536000');
    if (request.url.startsWith('/ukey/') || request.url === '/me') reply.header('cache-control', 'no-store');
  });

  const refuse = (reply: FastifyReply, status: number, code: string): FastifyReply => reply.code(status).send({ error: code });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/ukey/') && request.method !== 'POST') return;
    const client = clientOf(request);
    const verdict = limiter.take(rateLimitKey(client));
    if (!verdict.allowed) {
      // One line per burst: the first refusal of a window says who; the rest of the burst adds nothing.
      if (verdict.firstRefusal) config.audit.record({ event: 'rate-limited', ip: client });
      return refuse(reply, 429, 'RATE_LIMITED');
    }
    // Cross-site POSTs: SameSite=Lax already withholds the cookie; refuse them outright as well.
    const origin = request.headers.origin;
    if (request.method === 'POST' && origin !== undefined && origin !== config.origin) return refuse(reply, 403, 'FORBIDDEN_ORIGIN');
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(reply, 413, 'OVERSIZE');
    if (error.statusCode && error.statusCode < 500) return refuse(reply, error.statusCode, 'BAD_REQUEST');
    return refuse(reply, 500, 'INTERNAL');
  });

  const currentSession = (request: FastifyRequest): PortalSession | null => sessions.find(request.headers.cookie);

  app.get('/', async (request, reply) => {
    if (currentSession(request)?.identity) return reply.redirect('/me', 303);
    return reply.type('text/html; charset=utf-8').send(loginPage(config.appUrl));
  });
  app.get('/portal.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(PORTAL_CSS));
  app.get('/login.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(LOGIN_SCRIPT));
  app.get('/ukey-sign-in.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(sdk));

  app.post('/ukey/challenge', async (request, reply) => {
    let challenge: string;
    try {
      let session = currentSession(request);
      if (!session) {
        session = sessions.create();
        reply.header('set-cookie', sessionCookie(session.id, secure));
      }
      ({ challenge } = await issueChallenge(config.store, { sessionId: session.id }));
    } catch (error) {
      if (!(error instanceof ChallengeStoreFullError) && !(error instanceof SessionTableFullError)) throw error;
      return reply.code(503).header('retry-after', String(STORE_FULL_RETRY_SECONDS))
        .send({ error: error.code, message: STORE_FULL_MESSAGE });
    }
    config.audit.record({ event: 'challenge', ip: clientOf(request) });
    return reply.send({ challenge });
  });

  app.post('/ukey/verify', async (request, reply) => {
    const session = currentSession(request);
    if (!session) return refuse(reply, 401, 'NO_SESSION');
    // Only application/json: a text/plain body would be a "simple" cross-site request (review L6).
    const json = /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');
    if (!json || typeof request.body !== 'string') return refuse(reply, 415, 'BAD_REQUEST');
    try {
      const identity = await verifyLogin({
        response: request.body,
        store: config.store,
        sessionId: session.id,
        expectedOrigins: [config.origin],
        trust: config.trust,
        ...(config.crls ? { crls: config.crls } : {}),
      });
      // A new session id at login (OWASP session fixation): the pre-login id stops working.
      sessions.delete(session.id);
      const signedIn = sessions.create(identity);
      reply.header('set-cookie', sessionCookie(signedIn.id, secure));
      config.audit.record({ event: 'login', ip: clientOf(request), subject: identity.subject, serialNumber: identity.serialNumber,
        fingerprint: identity.fingerprint, ...(identity.identifiers.usci ? { usci: identity.identifiers.usci } : {}) });
      return reply.send(identity);
    } catch (error) {
      if (!(error instanceof LoginVerificationError)) throw error;
      config.audit.record({ event: 'login-refused', ip: clientOf(request), code: error.code });
      return refuse(reply, 400, error.code);
    }
  });

  app.get('/ukey/me', async (request, reply) => {
    const identity = currentSession(request)?.identity;
    return identity ? reply.send(identity) : refuse(reply, 401, 'NOT_SIGNED_IN');
  });

  app.get('/me', async (request, reply) => {
    const identity = currentSession(request)?.identity;
    if (!identity) return reply.redirect('/', 303);
    return reply.type('text/html; charset=utf-8').send(signedInPage(identity));
  });

  app.post('/logout', async (request, reply) => {
    const session = currentSession(request);
    if (session) {
      sessions.delete(session.id);
      config.audit.record({ event: 'logout', ip: clientOf(request) });
    }
    return reply.header('set-cookie', sessionCookie('', secure, 0)).redirect('/', 303);
  });

  return app;
}
