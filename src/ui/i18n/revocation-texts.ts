/**
 * Why revocation was not checked, in the user's words (issue 7 §1 "revocation truth"): never a bare "未知".
 * Each names the cause and the way out; the certificate row links the revocation guide beside it.
 */
import type { RevocationUncheckedReason } from '../../shared/pki';
import type { Lang } from './lang';

type Texts = Readonly<Record<RevocationUncheckedReason, string>>;

const IMPORT_ZH = '可在“设置”里导入 CA 网站提供的吊销列表（CRL）文件。';
const IMPORT_EN = 'You can import the CRL file from your CA’s website under “Settings”.';

const ZH: Texts = {
  'issuer-unknown': '未检查：还不认识颁发者，先导入 CA 证书。',
  'no-distribution-point': '未检查：证书没有写明吊销列表地址。' + IMPORT_ZH,
  'unsupported-scheme': '未检查：吊销列表地址不是网页能访问的地址（如 LDAP）。' + IMPORT_ZH,
  'no-crl': '未检查：本设备还没有这个 CA 的吊销列表。' + IMPORT_ZH,
  offline: '未检查：当前没有联网。联网后重新读取即可，或' + IMPORT_ZH,
  'mixed-content': '未检查：吊销列表地址是 http，浏览器不允许从安全页面下载。' + IMPORT_ZH,
  'blocked-by-cors-or-network': '未检查：CA 的服务器拒绝了浏览器的下载（网络或跨域限制）。' + IMPORT_ZH,
  'http-error': '未检查：CA 的服务器返回了错误。请稍后重试，或' + IMPORT_ZH,
  timeout: '未检查：下载吊销列表超时。请稍后重试，或' + IMPORT_ZH,
  'too-large': '未检查：吊销列表文件过大，已放弃下载。',
  'crl-unreadable': '未检查：下载到的吊销列表无法读取。' + IMPORT_ZH,
  'crl-unverifiable': '未检查：吊销列表的签名无法核实，没有采用。',
  'crl-stale': '未检查：保存的吊销列表已过期。联网后重新读取，或' + IMPORT_ZH,
};

const EN: Texts = {
  'issuer-unknown': 'Not checked: the issuer is unknown — import the CA certificate first.',
  'no-distribution-point': 'Not checked: the certificate names no CRL address. ' + IMPORT_EN,
  'unsupported-scheme': 'Not checked: the CRL address is not one a web page can reach (e.g. LDAP). ' + IMPORT_EN,
  'no-crl': 'Not checked: this device has no CRL of this CA yet. ' + IMPORT_EN,
  offline: 'Not checked: you are offline. Read the key again when online, or: ' + IMPORT_EN,
  'mixed-content': 'Not checked: the CRL address is plain http, which the browser does not fetch from a secure page. ' + IMPORT_EN,
  'blocked-by-cors-or-network': 'Not checked: the CA’s server refused the browser’s download (network or cross-origin rules). ' + IMPORT_EN,
  'http-error': 'Not checked: the CA’s server answered with an error. Try later, or: ' + IMPORT_EN,
  timeout: 'Not checked: the CRL download timed out. Try later, or: ' + IMPORT_EN,
  'too-large': 'Not checked: the CRL is too large; the download was given up.',
  'crl-unreadable': 'Not checked: the CRL could not be read. ' + IMPORT_EN,
  'crl-unverifiable': 'Not checked: the CRL’s signature could not be verified, so it was not used.',
  'crl-stale': 'Not checked: the kept CRL is out of date. Read the key again when online, or: ' + IMPORT_EN,
};

export function revocationUncheckedText(reason: RevocationUncheckedReason, lang: Lang): string {
  return (lang === 'en' ? EN : ZH)[reason];
}
