// /sign cannot be framed (issue 14 §4): every response the service worker serves carries frame-ancestors 'none',
// whatever the cached copy was stored with; the body and status are untouched.
import { describe, expect, it } from 'vitest';
import { FRAME_GUARD_HEADERS, withFrameGuard } from '../../../src/sw/frame-guard';

describe('withFrameGuard', () => {
  it('adds CSP frame-ancestors none and X-Frame-Options DENY to a cached page stored without them', async () => {
    const cached = new Response('<!doctype html><title>UKey</title>', { status: 200, headers: { 'content-type': 'text/html' } });
    const served = withFrameGuard(cached);
    expect(served.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(served.headers.get('x-frame-options')).toBe('DENY');
    expect(served.headers.get('content-type')).toBe('text/html');
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('<!doctype html><title>UKey</title>');
  });

  it('keeps a policy the page already has and adds frame-ancestors as a second one (CSP3 §8.1: every policy is enforced)', () => {
    const cached = new Response('x', { headers: { 'content-security-policy': "default-src 'self'" } });
    expect(withFrameGuard(cached).headers.get('content-security-policy')).toBe(`default-src 'self', ${FRAME_GUARD_HEADERS['content-security-policy']}`);
    const guarded = new Response('x', { headers: { 'content-security-policy': "frame-ancestors 'none'" } });
    expect(withFrameGuard(guarded).headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });

  it('keeps statusText and non-200 statuses; leaves responses it cannot rebuild as they are', () => {
    const missing = withFrameGuard(new Response('no', { status: 404, statusText: 'Not Found' }));
    expect([missing.status, missing.statusText, missing.headers.get('x-frame-options')]).toEqual([404, 'Not Found', 'DENY']);
    const error = Response.error();
    expect(withFrameGuard(error)).toBe(error);
  });
});
