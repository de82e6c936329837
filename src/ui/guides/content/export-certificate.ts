import type { Guide } from '../guide-types';

/**
 * Getting the certificate out of a key this browser cannot open (issue 16 §1), so "添加 UKEY → 用证书记录"
 * can keep its deadline, notes and the CA's renewal route. The certificate is public: exporting it never
 * exports the private key, and needs no PIN. Windows keeps a copy in the user's personal store once the CA's
 * assistant (its CSP) is installed and the key is plugged in; certmgr.msc exports it as DER or Base64 X.509.
 */
export const EXPORT_CERTIFICATE_GUIDES: readonly Guide[] = [
  {
    id: 'export-certificate',
    causesKind: 'facts',
    stepsKind: 'howto',
    title: { 'zh-CN': '导出 UKEY 里的证书（用证书记录 UKEY）', en: "Export the key's certificate (record a key by its certificate)" },
    summary: {
      'zh-CN': '浏览器打不开的 UKEY，可以把它的证书导出成文件（.cer .crt .pem .der .p7b），在“添加 UKEY”里用证书记录，到期提醒、备注和延期办法照样有。',
      en: 'For a key the browser cannot open, export its certificate to a file (.cer .crt .pem .der .p7b) and record it under "Add a key": deadline reminders, notes and the renewal route still work.',
    },
    causes: {
      'zh-CN': [
        '在 Windows 上，CA 发的大多数 UKEY 属于智能卡类或光盘类设备，浏览器网页不能直接读取。',
        '证书是公开的：导出证书不会导出私钥，也不需要输入 PIN；别人拿到证书文件也不能用它登录。',
        '选错文件时会提示“只有 CA 证书”：根证书或中级证书是 CA 的，不是你这支 UKEY 的。',
      ],
      en: [
        'On Windows most keys issued by the CAs are smart-card or CD-drive devices that a web page cannot read.',
        'A certificate is public: exporting it exports no private key and needs no PIN; nobody can log in with the certificate file alone.',
        'Picking the wrong file gives "only CA certificates": a root or intermediate certificate belongs to the CA, not to your key.',
      ],
    },
    steps: {
      'zh-CN': [
        'Windows 证书管理器（任何 CA 都适用）：插上 UKEY，确认 CA 的证书助手已经装好；按 `Win+R`，输入 `certmgr.msc` 回车；打开“个人 → 证书”，找到颁发给你单位的那张证书；右键“所有任务 → 导出”，选“不，不要导出私钥”，格式选“DER 编码二进制 X.509（.CER）”或“Base-64 编码 X.509（.CER）”，保存到桌面。',
        '北京数字认证（BJCA）证书助手：插上 UKEY，打开证书助手，选中证书后查看证书详情；在详情的“详细信息”页点“复制到文件”，按上一步同样选择不导出私钥并保存。',
        '四川CA“i信”：插上 UKEY，打开 i信 的“证书查看”，打开证书详情，在“详细信息”页点“复制到文件”并保存；找不到时用第一步的证书管理器。',
        '中国金融认证中心（CFCA）的 UKEY（例如长江养老）：插上 UKEY，打开 UKEY 管理工具查看证书，在证书详情里“复制到文件”；找不到时用第一步的证书管理器。',
        '12309 中国检察网 UKEY：插上 UKEY，在 12309 的证书助手里查看证书并导出；也可以用第一步的证书管理器。',
        '回到本应用，打开“添加 UKEY”，在“用证书记录 UKEY”里选择或拖入刚才保存的文件；也可以用记事本打开 Base64 格式的文件，把全部文字复制后粘贴进来。',
        '记录后给这支 UKEY 起个名字（例如“社保（人事科）”），写上保管人和 CA 登记的联系人；以后这支 UKEY 能在这里直接使用时，添加它后两条记录会自动合并成一条。',
      ],
      en: [
        'Windows certificate manager (works for any CA): plug in the key and make sure the CA\'s assistant is installed; press Win+R, type certmgr.msc and press Enter; open "Personal → Certificates" and find the certificate issued to your organisation; right-click "All Tasks → Export", choose "No, do not export the private key", pick "DER encoded binary X.509 (.CER)" or "Base-64 encoded X.509 (.CER)" and save it to the desktop.',
        'BJCA certificate assistant: plug in the key, open the assistant, select the certificate and view its details; on the "Details" tab press "Copy to File" and save it the same way, without the private key.',
        'Sichuan CA "i信": plug in the key, open "Certificates" in i信, open the certificate details and use "Copy to File" on the "Details" tab; if you cannot find it, use the certificate manager from the first step.',
        'CFCA keys (e.g. the pension portal\'s): plug in the key, view the certificate in the key management tool and use "Copy to File" in its details; if you cannot find it, use the certificate manager from the first step.',
        '12309 procuratorate keys: plug in the key, view and export the certificate in the 12309 certificate assistant, or use the certificate manager from the first step.',
        'Back in this app open "Add a UKEY" and, under "Record a key by its certificate", choose or drop the saved file; or open a Base64 file in Notepad, copy all its text and paste it in.',
        'Give the key a name (e.g. "Social insurance (HR)") and note who keeps it and the contact registered with the CA; once this key can be used here directly, adding it merges the two records into one.',
      ],
    },
    keywords: {
      'zh-CN': ['导出证书', '证书文件', 'cer', 'crt', 'p7b', 'pem', 'certmgr', '证书管理器', '复制到文件', '用证书记录', '打不开', '不能直接读取'],
      en: ['export certificate', 'certificate file', 'cer', 'crt', 'p7b', 'pem', 'certmgr', 'certificate manager', 'copy to file', 'record by certificate'],
    },
    related: ['token-unsupported', 'protected-interface', 'renewal-rules'],
  },
];
