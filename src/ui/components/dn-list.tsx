import type { Lang } from '../i18n';

/** Subject/issuer attribute names in Chinese (X.520 / RFC 4519 short names); unknown ones keep their name. */
const ATTRIBUTE_ZH: Readonly<Record<string, string>> = {
  CN: '名称',
  O: '单位',
  OU: '部门',
  C: '国家',
  ST: '省份',
  L: '城市',
  STREET: '地址',
  serialNumber: '证件号',
  organizationIdentifier: '机构标识',
  E: '邮箱',
  emailAddress: '邮箱',
  title: '职务',
  givenName: '名',
  SN: '姓',
};
const ATTRIBUTE_EN: Readonly<Record<string, string>> = {
  CN: 'Name', O: 'Organisation', OU: 'Unit', C: 'Country', ST: 'Province', L: 'City', STREET: 'Street',
  serialNumber: 'ID number', organizationIdentifier: 'Organisation id', E: 'Email', emailAddress: 'Email',
  title: 'Title', givenName: 'Given name', SN: 'Surname',
};

/** The name a DN is known by in a sentence or a button label: its CN, else its O, else the whole DN. */
export function dnShortName(dn: Readonly<Record<string, string>>, fallback: string): string {
  return dn.CN ?? dn.O ?? fallback;
}

/** A distinguished name as labelled lines, not "serialNumber=…, CN=张三, OU=…" (issue 8 §4). */
export function DnList({ dn, lang }: { dn: Readonly<Record<string, string>>; lang: Lang }) {
  const names = lang === 'zh-CN' ? ATTRIBUTE_ZH : ATTRIBUTE_EN;
  return (
    <dl class="dn">
      {Object.entries(dn).map(([key, value]) => (
        <div key={key} class="dn-row">
          <dt>{names[key] ?? key}</dt>
          {/* The value is the certificate's own data (any script), not the app's words. */}
          <dd data-cert-value>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
