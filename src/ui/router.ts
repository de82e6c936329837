/**
 * The tiny hash router (no router library, to keep the first load small): `#/`, `#/pair`, `#/env`,
 * `#/guides/<id>`, `#/trust`, `#/token/<id>`, `#/token/<id>/pin`, `/renew/<key reference>`, `/unlock`. Token ids contain ':' so path parts are URI-encoded.
 */
export type Route =
  | { readonly name: 'dashboard' }
  | { readonly name: 'pair' }
  | { readonly name: 'env' }
  | { readonly name: 'trust' }
  | { readonly name: 'guides'; readonly guideId: string | null }
  | { readonly name: 'token'; readonly tokenId: string }
  | { readonly name: 'pin'; readonly tokenId: string }
  /** `keyRef`: the key reference the card's profile issued, opaque here. */
  | { readonly name: 'renew'; readonly tokenId: string; readonly keyRef: number }
  | { readonly name: 'unlock'; readonly tokenId: string }
  | { readonly name: 'not-found'; readonly hash: string };

/** A key reference in hex, up to 32 bits (a profile's references are small unsigned numbers). */
const KEY_REF = /^[0-9a-f]{1,8}$/i;

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null; // a malformed %-escape is a wrong address, not a crash
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '') return { name: 'dashboard' };
  const parts = path.split('/');
  const [head, second, third] = parts;
  if (parts.length === 1 && head === 'pair') return { name: 'pair' };
  if (parts.length === 1 && head === 'env') return { name: 'env' };
  if (parts.length === 1 && head === 'trust') return { name: 'trust' };
  if (head === 'guides' && parts.length <= 2) {
    const guideId = second === undefined ? null : decode(second);
    if (second === undefined || guideId !== null) return { name: 'guides', guideId };
  }
  if (head === 'token' && second) {
    const tokenId = decode(second);
    if (tokenId !== null && parts.length === 2) return { name: 'token', tokenId };
    if (tokenId !== null && parts.length === 3 && third === 'pin') return { name: 'pin', tokenId };
    if (tokenId !== null && parts.length === 3 && third === 'unlock') return { name: 'unlock', tokenId };
    // The key reference the card's profile issued, in hex (issue 17 §3), whatever the card's numbering.
    if (tokenId !== null && parts.length === 4 && third === 'renew' && KEY_REF.test(parts[3]!)) return { name: 'renew', tokenId, keyRef: parseInt(parts[3]!, 16) };
  }
  return { name: 'not-found', hash };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'dashboard':
      return '#/';
    case 'pair':
      return '#/pair';
    case 'env':
      return '#/env';
    case 'trust':
      return '#/trust';
    case 'guides':
      return route.guideId === null ? '#/guides' : `#/guides/${encodeURIComponent(route.guideId)}`;
    case 'token':
      return `#/token/${encodeURIComponent(route.tokenId)}`;
    case 'pin':
      return `#/token/${encodeURIComponent(route.tokenId)}/pin`;
    case 'renew':
      return `#/token/${encodeURIComponent(route.tokenId)}/renew/${route.keyRef.toString(16)}`;
    case 'unlock':
      return `#/token/${encodeURIComponent(route.tokenId)}/unlock`;
    case 'not-found':
      return route.hash;
  }
}
