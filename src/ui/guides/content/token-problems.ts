import type { Guide } from '../guide-types';

/** The token itself: not seen, empty, lost or broken, and which token belongs to which department. */
export const TOKEN_PROBLEM_GUIDES: readonly Guide[] = [
  {
    id: 'token-not-recognised',
    title: { 'zh-CN': '插上 UKEY 后没有反应、无法识别', en: 'The token is plugged in but not recognised' },
    summary: {
      'zh-CN': '先确认电脑能看到这支 UKEY，再在本应用里重新添加；多数情况是 USB 口或电脑策略的问题。',
      en: 'First make sure the PC sees the token at all, then pair it again here; usually the USB port or a PC policy is to blame.',
    },
    causes: {
      'zh-CN': [
        'USB 接口接触不良，或者插在了供电不足的前置接口、扩展坞、集线器上。',
        '单位的安全策略禁用了 USB 存储或光驱（有些 UKEY 插上后会显示成一个光驱），电脑因此不认它。',
        '浏览器没有权限访问这支 UKEY：还没添加，或者浏览器保护智能卡接口、系统驱动占用了它。',
        'UKEY 本身已经损坏。',
      ],
      en: [
        'A loose USB connection, or a front port, dock or hub that gives too little power.',
        'A company security policy blocks USB storage or CD drives (some tokens show up as a CD drive), so the PC ignores it.',
        'The browser may not reach the token: it is not paired yet, the browser protects smart-card interfaces, or a system driver holds it.',
        'The token itself is damaged.',
      ],
    },
    steps: {
      'zh-CN': [
        '拔下 UKEY，等几秒后插到另一个 USB 口；台式机请插在机箱背面的接口上，不要经过集线器。',
        '打开本应用的“添加 UKEY”，点击添加，在浏览器弹出的列表里选中它；列表里没有时，勾选“显示所有 USB 设备”再看。',
        '如果添加时提示“浏览器保护了智能卡接口”或“设备被其他程序占用”，请按相关指南处理。',
        '仍然不行时，换一台电脑试一试：别的电脑能识别，说明是本机 USB 或策略问题，请单位 IT 部门检查是否禁用了 USB 口或光驱。',
        '所有电脑都不识别，多半是 UKEY 损坏，请按“UKEY 丢失或损坏”指南办理更换。',
      ],
      en: [
        'Unplug the token, wait a few seconds and plug it into another USB port; on a desktop use a port at the back, without a hub.',
        'Open "Add a UKEY" in this app, press "Choose the UKEY" and pick the key in the browser\'s list; if it is missing, tick "Show all USB devices".',
        'If pairing says the browser protects the smart-card interface or another program holds the device, follow that guide.',
        'Still nothing? Try another PC. If it works there, the problem is this PC\'s USB or policy: ask your IT department whether USB ports or CD drives are disabled.',
        'If no PC recognises it, the token is most likely damaged: see "Lost or damaged token" to get a new one.',
      ],
    },
    contactCa: {
      'zh-CN': '换了电脑和接口都识别不了时，请带上 UKEY 联系发证的 CA 或业务网点检测、更换。',
      en: 'If no port and no PC recognises it, take the token to the issuing CA or its service point for a check or a replacement.',
    },
    keywords: {
      'zh-CN': ['无法识别', '识别不了', '没反应', '插上没反应', '找不到 UKEY', 'USB 接口', '光驱', '驱动'],
      en: ['not recognised', 'not detected', 'not found', 'usb port', 'nothing happens', 'cd drive', 'driver'],
    },
    related: ['protected-interface', 'windows-driver-winusb', 'linux-udev', 'no-device-chosen', 'lost-or-damaged-token'],
  },
  {
    id: 'no-certificate',
    title: { 'zh-CN': '识别到 UKEY，但没有显示证书', en: 'The token is found but shows no certificate' },
    summary: {
      'zh-CN': 'UKEY 能读到却看不到证书：先重新读取一次，仍然没有时多半需要 CA 重新写入证书或更换 UKEY。',
      en: 'The token answers but lists no certificate: read it again; if still empty, the CA usually has to write the certificate again or replace the token.',
    },
    causes: {
      'zh-CN': [
        '读取过程中 UKEY 被碰松或拔出，只读到了一半。',
        '证书存放在本应用暂时还不支持的位置或格式里。',
        'UKEY 里的证书已被删除、写入失败，或者芯片损坏。',
      ],
      en: [
        'The token was knocked loose or pulled out while it was being read.',
        'The certificate sits in a place or format this app does not read yet.',
        'The certificate was deleted or never written correctly, or the chip is damaged.',
      ],
    },
    steps: {
      'zh-CN': [
        '拔下 UKEY 重新插好，在 UKEY 详情页点击“重新读取”。',
        '换一个 USB 接口或另一台电脑再读一次。',
        '如果证书一栏仍然为空，但 UKEY 型号和序列号能正常显示，请记下介质序列号（详情页可以复制）。',
        '带着序列号联系发证的 CA，请他们重新写入证书（俗称“重新灌装”）或更换 UKEY。',
      ],
      en: [
        'Unplug the token, plug it back in and press "Read again" on the token detail page.',
        'Try another USB port or another PC.',
        'If the certificate list stays empty while model and serial number show fine, note the token serial number (copy it from the detail page).',
        'Give that serial number to the issuing CA and ask them to write the certificate again or replace the token.',
      ],
    },
    contactCa: {
      'zh-CN': '证书不会自己回来：确认读不到后请联系发证 CA 的客服，报上介质序列号。',
      en: 'A missing certificate does not come back by itself: once confirmed, call the issuing CA and quote the token serial number.',
    },
    keywords: {
      'zh-CN': ['没有证书', '无证书', '证书不显示', '看不到证书', '证书为空', '重新灌装', '证书信息'],
      en: ['no certificate', 'certificate missing', 'empty token', 'certificate not shown', 'blank'],
    },
    related: ['token-not-recognised', 'certificate-unreadable', 'lost-or-damaged-token'],
  },
  {
    id: 'lost-or-damaged-token',
    title: { 'zh-CN': 'UKEY 丢失或损坏怎么办', en: 'A token is lost or damaged' },
    summary: {
      'zh-CN': '丢失要尽快报告，让 CA 作废证书；损坏要把旧 UKEY 交回，按流程申请新的。',
      en: 'Report a lost token at once so the CA can revoke its certificate; return a damaged one and apply for a new token.',
    },
    causes: {
      'zh-CN': ['UKEY 遗失或被借走后找不回来。', 'UKEY 进水、摔坏、接口断裂，或者所有电脑都无法识别它。'],
      en: ['The token was lost or lent out and never returned.', 'The token got wet, broken or bent, or no PC can read it any more.'],
    },
    steps: {
      'zh-CN': [
        '丢失时：马上告诉单位负责人和发证 CA，请 CA 吊销这支 UKEY 里的证书，防止被别人冒用。',
        '损坏时：先换电脑、换接口确认确实坏了（参见“插上 UKEY 后无法识别”），不要自己拆开。',
        '在本应用的仪表盘里记下这支 UKEY 的标签、型号和介质序列号，申请时要用到。',
        '12309 平台的 UKEY：写一份加盖公章的申请函，写明检察院名称、6 位组织机构代码、UKEY 类型（案管、信息发布、信访或代表委员联络）、申请原因，以及接收新 UKEY 的联系人、电话和地址。',
        '12309 损坏的 UKEY 必须连同申请函一起，通过机要渠道或快递寄交最高检负责技术信息的部门；丢失的则由申请函报给最高检对口的业务部门，由其转办。',
        '其他平台（如长江养老）：带上身份证和单位材料到代理服务网点办理补发。',
        '拿到新 UKEY 后，在本应用里添加它，并删除旧 UKEY 的记录。',
      ],
      en: [
        'Lost: tell your manager and the issuing CA right away and ask the CA to revoke the certificate so nobody can misuse it.',
        'Damaged: first confirm on another PC and port that it really is broken (see "Token not recognised"); do not open it.',
        'Note the token\'s label, model and serial number from this app\'s dashboard; the application needs them.',
        '12309 platform: write an application letter with the official seal giving the procuratorate\'s name, its 6-digit organisation code, the token type (case management, information release, petitions or deputy liaison), the reason, and the contact, phone and address that will receive the new token.',
        '12309: a damaged token must be sent with the letter, by confidential channel or courier, to the technical information department of the Supreme People\'s Procuratorate; for a lost token the letter goes to the matching business department there, which passes it on.',
        'Other portals (e.g. the Changjiang pension portal): bring your ID card and company papers to a service point to get a replacement.',
        'When the new token arrives, pair it in this app and remove the old token\'s entry.',
      ],
    },
    contactCa: {
      'zh-CN': '丢失和损坏都必须由 CA 或主管部门处理，本应用无法替代：北京数字认证（BJCA，也负责 12309 的 UKEY）服务热线 4007001900；中国金融认证中心（CFCA）的长江养老 UKEY 找长江养老客服、客户经理或代理服务网点（网上服务系统 `csp.cj-pension.com.cn`）；四川CA 用“i信”证书助手里的在线客服，或上四川CA 官网 `www.scca.com.cn`“服务支持”。',
      en: "Lost and damaged tokens are always handled by the CA or the supervising department: BJCA (also for 12309 keys) service line 4007001900; for CFCA's Changjiang pension keys the pension company's service desk, your account manager or an agent office (online service system `csp.cj-pension.com.cn`); for Sichuan CA the online service in its \"i信\" assistant, or its website `www.scca.com.cn` (\"服务支持\").",
    },
    keywords: {
      'zh-CN': ['丢失', '遗失', '损坏', '坏了', '补办', '补发', '更换 UKEY', '申请函', '吊销'],
      en: ['lost', 'stolen', 'damaged', 'broken', 'replacement', 'reissue', 'new token', 'revoke'],
    },
    related: ['token-not-recognised', 'one-token-per-department', 'no-user-linked'],
  },
  {
    id: 'one-token-per-department',
    title: { 'zh-CN': '一个单位有好几支 UKEY：分清每支是哪个部门的', en: 'Several tokens in one office: which one belongs to which department' },
    summary: {
      'zh-CN': '12309 平台上每个检察院通常有 4 支 UKEY，各管一块业务；在仪表盘里给每支 UKEY 贴上部门标签。',
      en: 'On the 12309 platform each procuratorate usually has four tokens, one per department; give each a department label in the dashboard.',
    },
    causes: {
      'zh-CN': [
        '每支 UKEY 只对应一个部门的权限，用错 UKEY 会登录成别的部门，或者看不到要办的业务。',
        '几支 UKEY 外观一样，时间久了就分不清。',
      ],
      en: [
        'Each token carries one department\'s rights; the wrong token logs you in as another department or hides the work you need.',
        'The tokens look alike and are easily mixed up over time.',
      ],
    },
    steps: {
      'zh-CN': [
        '了解常见分工：案管 UKEY 用于法律文书公开、案件绑定、辩护与代理；信息发布 UKEY 用于重要案件信息发布；信访 UKEY 用于网上信访和群众意见；代表委员联络 UKEY 用于代表委员联络板块。',
        '逐支插上 UKEY，在本应用里添加，看证书持有者信息确认它属于哪个部门。',
        '在仪表盘的 UKEY 卡片上设置标签，例如“案管”“信访”“信息发布”“代表委员联络”，实物上也贴一张相同的标签。',
        '到期时间不同的 UKEY 会按快到期的排在前面，请逐支办理延期，不要漏掉。',
        '找不到某个部门的 UKEY 时，先问同院其他部门，再联系上级院的对口部门核实。',
      ],
      en: [
        'Know the usual split: the case-management token publishes legal documents, binds cases and handles defence and agency; the information-release token publishes important case news; the petitions token serves online petitions and public opinion; the deputy-liaison token serves the deputy liaison section.',
        'Plug in and pair each token in this app and check the certificate holder to see which department it belongs to.',
        'Set a label on each token card in the dashboard, e.g. "案管", "信访", "信息发布", "代表委员联络", and put the same label on the token itself.',
        'Tokens that expire soon are listed first: renew each one in turn so none is forgotten.',
        'If a department\'s token cannot be found, ask the other departments first, then the matching department of the higher procuratorate.',
      ],
    },
    keywords: {
      'zh-CN': ['部门', '多支 UKEY', '多把', '标签', '案管', '信息发布', '信访', '代表委员联络', '12309', '检察院'],
      en: ['department', 'several tokens', 'multiple tokens', 'label', 'procuratorate', '12309', 'petitions', 'case management'],
    },
    related: ['renewal-rules', 'lost-or-damaged-token', 'no-user-linked'],
  },
];
