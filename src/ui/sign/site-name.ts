/**
 * The part of a requesting origin a person should read first (issue 9 §2: "registrable domain emphasised"),
 * so a look-alike such as portal-example.cn.evil.top shows "evil.top" in bold. A small public-suffix table
 * for the suffixes our users meet (China's second-level domains, RFC 1591-style) stands in for the full list.
 */
const TWO_LABEL_SUFFIXES = new Set([
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn', 'mil.cn',
  'bj.cn', 'sh.cn', 'tj.cn', 'cq.cn', 'he.cn', 'sx.cn', 'nm.cn', 'ln.cn', 'jl.cn', 'hl.cn', 'js.cn', 'zj.cn', 'ah.cn',
  'fj.cn', 'jx.cn', 'sd.cn', 'ha.cn', 'hb.cn', 'hn.cn', 'gd.cn', 'gx.cn', 'hi.cn', 'sc.cn', 'gz.cn', 'yn.cn', 'xz.cn',
  'sn.cn', 'gs.cn', 'qh.cn', 'nx.cn', 'xj.cn', 'com.hk', 'gov.hk', 'com.mo', 'gov.mo', 'com.tw', 'gov.tw',
]);

export interface SiteName {
  /** Everything before the registrable domain, with its trailing dot ("portal."), possibly empty. */
  readonly prefix: string;
  /** The registrable domain ("example.cn"), or the whole host for an IP address or a single label. */
  readonly registrable: string;
  /** ":8443" when the origin names a port, else empty. */
  readonly port: string;
  readonly scheme: string;
}

export function siteName(origin: string): SiteName {
  const url = new URL(origin);
  const host = url.hostname;
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port ? `:${url.port}` : '';
  const isAddress = /^[\d.]+$/.test(host) || host.startsWith('[');
  const labels = host.split('.');
  if (isAddress || labels.length <= 2) return { prefix: '', registrable: host, port, scheme };
  const lastTwo = labels.slice(-2).join('.');
  const take = TWO_LABEL_SUFFIXES.has(lastTwo) ? 3 : 2;
  const registrable = labels.slice(-take).join('.');
  return { prefix: host.slice(0, host.length - registrable.length), registrable, port, scheme };
}
