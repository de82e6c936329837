/**
 * /sign must never be framed (issue 14 §4): a site that frames the sign popup could cover it and lead the user to
 * type the PIN for that site's challenge (clickjacking). CSP Level 3 `frame-ancestors 'none'` (CSP3 §6.4.2), and
 * X-Frame-Options DENY (RFC 7034) for browsers that predate it. The server sends them (vite.config.ts); the service
 * worker adds them to every response it serves from its cache, which may have been stored without them.
 */
export const FRAME_GUARD_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
} as const;

/** The same response with the frame guard. A CSP already there stays and the guard is added as a second policy
 * (CSP3 §8.1: a response's policies are all enforced). Error and opaque responses cannot be rebuilt: as they are. */
export function withFrameGuard(response: Response): Response {
  if (response.type === 'error' || response.type === 'opaque' || response.type === 'opaqueredirect' || response.status < 200) return response;
  const headers = new Headers(response.headers);
  const csp = headers.get('content-security-policy');
  if (!csp?.includes('frame-ancestors')) headers.append('content-security-policy', FRAME_GUARD_HEADERS['content-security-policy']);
  headers.set('x-frame-options', FRAME_GUARD_HEADERS['x-frame-options']);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
