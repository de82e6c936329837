import type { Guide } from '../guide-types';

/** PIN facts of the seeds: default PINs, lengths and character rules, the 10-try lock (BJCA). */
export const PIN_PROBLEM_GUIDES: readonly Guide[] = [
  {
    id: 'pin-locked',
    title: { 'zh-CN': 'PIN 输错太多次被锁定（锁死）', en: 'PIN locked after too many wrong tries' },
    summary: {
      'zh-CN': '连续输错 PIN 达到上限后，UKEY 会锁定 PIN（BJCA 的 UKEY 是 10 次），只能解锁后重设新 PIN。',
      en: 'After too many wrong PINs in a row the token locks the PIN (10 tries on BJCA tokens); only an unlock with a new PIN opens it again.',
    },
    causes: {
      'zh-CN': [
        '连续多次输错 PIN，剩余次数用完了。',
        '旧工具在后台自动重试，或者多人轮流猜密码，很快把次数耗光。',
      ],
      en: [
        'Too many wrong PINs in a row used up all remaining tries.',
        'An old tool retried in the background, or several people took turns guessing, and the tries ran out fast.',
      ],
    },
    steps: {
      'zh-CN': [
        '不要再尝试输入 PIN：锁定后再输对也无法登录。',
        '在本应用的 PIN 页面查看状态；锁定时会显示“PIN 已锁定”。',
        '如果你有这支 UKEY 的 PUK（管理员解锁口令，不是 CA 发来的解锁码），可以直接在 PIN 管理页用 PUK 解锁并设置新 PIN。',
        '没有 PUK 时，按“解锁 PIN”指南向 CA 申请解锁授权码。',
        '解锁后设置一个自己记得住、别人猜不到的新 PIN，并告知同部门需要使用这支 UKEY 的同事。',
      ],
      en: [
        'Stop entering PINs: once locked, even the right PIN will not log you in.',
        'Check the state on this app\'s PIN page; a locked token shows "PIN blocked".',
        'If you have the token\'s PUK, unblock it right there on the PIN page and set a new PIN.',
        'Without a PUK, follow "Unlock the PIN" to get an unlock code from the CA.',
        'Choose a new PIN you can remember and others cannot guess, and tell the colleagues who share this token.',
      ],
    },
    contactCa: {
      'zh-CN': '没有 PUK 时只能由 CA 审核后发放解锁授权码：北京数字认证（BJCA，也负责 12309 的 UKEY）服务热线 4007001900；中国金融认证中心（CFCA）的长江养老 UKEY 找长江养老客服、客户经理或代理服务网点（网上服务系统 `csp.cj-pension.com.cn`）；四川CA 用“i信”证书助手里的在线客服，或上四川CA 官网 `www.scca.com.cn`“服务支持”。',
      en: "Without a PUK only the CA can issue an unlock code after checking your request: BJCA (also for 12309 keys) service line 4007001900; for CFCA's Changjiang pension keys the pension company's service desk, your account manager or an agent office (online service system `csp.cj-pension.com.cn`); for Sichuan CA the online service in its \"i信\" assistant, or its website `www.scca.com.cn` (\"服务支持\").",
    },
    keywords: {
      'zh-CN': ['锁', '锁定', '锁死', '锁住', 'PIN 锁定', '密码锁定', '被锁', '输错', '次数用完', '10 次'],
      en: ['locked', 'blocked', 'pin locked', 'pin blocked', 'too many tries', 'retries', 'lockout'],
    },
    related: ['unlock', 'wrong-pin', 'pin-policy'],
  },
  {
    id: 'wrong-pin',
    title: { 'zh-CN': 'PIN 错误：还剩几次机会', en: 'Wrong PIN: how many tries are left' },
    summary: {
      'zh-CN': '每输错一次剩余次数就少一次；本应用在输入前显示剩余次数，最后一次前会再确认，而且从不自动重试。',
      en: 'Each wrong PIN costs one try; this app shows the tries left before you type, asks again before the last one and never retries by itself.',
    },
    causes: {
      'zh-CN': [
        '输入时大小写锁定（Caps Lock）开着，或者输入法处于全角、中文状态。',
        'PIN 里的字母要区分大小写（例如公积金 UKEY 的初始 PIN 可能带字母）。',
        '以前用旧工具设置过超过 8 位的 PIN，旧工具悄悄只保存了前 8 位。',
        '延期或解锁时改过 PIN，但还在用旧 PIN。',
      ],
      en: [
        'Caps Lock is on, or the input method is in full-width or Chinese mode.',
        'Letters in the PIN are case-sensitive (e.g. the housing-fund token\'s initial PIN may contain letters).',
        'A PIN longer than 8 characters was once set with an old tool that silently kept only the first 8.',
        'The PIN was changed during renewal or unlock, but the old one is still being typed.',
      ],
    },
    steps: {
      'zh-CN': [
        '先看 PIN 页面显示的剩余次数，再慢慢输入；只剩一次时本应用会要求你再次确认。',
        '关掉 Caps Lock，把输入法切到英文半角。',
        '如果曾经设置过超过 8 位的 PIN，试试只输入前 8 位。',
        '想不起来时不要乱猜，把最后几次机会留着，按“解锁 PIN”指南处理。',
        '登录成功后，建议在 PIN 页面改成一个 6–8 位、自己记得住的新 PIN。',
      ],
      en: [
        'Read the tries left on the PIN page before typing slowly; with one try left this app asks you to confirm.',
        'Turn Caps Lock off and switch the input method to English half-width.',
        'If you once set a PIN longer than 8 characters, try only its first 8.',
        'If you cannot remember it, do not guess: keep the last tries and follow "Unlock the PIN".',
        'Once logged in, consider changing to a new 6–8 character PIN you can remember.',
      ],
    },
    keywords: {
      'zh-CN': ['PIN 错误', '密码错误', '口令错误', '密码不对', '剩余次数', '重试次数', '前 8 位', '大小写'],
      en: ['wrong pin', 'incorrect pin', 'wrong password', 'tries left', 'attempts remaining', 'first 8', 'caps lock'],
    },
    related: ['pin-locked', 'pin-policy', 'default-pins', 'unlock'],
  },
  {
    id: 'default-pins',
    causesKind: 'facts',
    stepsKind: 'howto',
    title: { 'zh-CN': '初始 PIN 是多少？为什么一定要改', en: 'Default PINs, and why you must change them' },
    summary: {
      'zh-CN': '各家 CA 的初始 PIN 都是公开的，谁拿到 UKEY 都能用；领到后请马上改成自己的 PIN。',
      en: 'Every CA\'s default PIN is public, so anyone holding the token could use it; change it as soon as you receive the token.',
    },
    causes: {
      'zh-CN': [
        '长江养老（CFCA）UKEY：888888，只能是 6 位数字。',
        '四川CA（四川人社）UKEY：12345678。',
        '12309 检察网 UKEY：111111。',
        '住房公积金（BJCA）UKEY：申请表上 18 位统一社会信用代码的最后 6 位，字母区分大小写（例如代码以 `1234MA` 结尾，PIN 就是 `1234MA`）。',
      ],
      en: [
        'Changjiang pension (CFCA) token: 888888, exactly 6 digits.',
        'Sichuan CA (Sichuan social insurance) token: 12345678.',
        '12309 procuratorate token: 111111.',
        'Housing fund (BJCA) token: the last 6 characters of the 18-character unified social credit code on the application form, letters case-sensitive (a code ending in 1234MA gives the PIN 1234MA).',
      ],
    },
    steps: {
      'zh-CN': [
        '用初始 PIN 在本应用里验证一次；如果验证通过，本应用会提示“你正在使用出厂默认 PIN”，请立即修改。',
        '点击“修改 PIN”，按这支 UKEY 所属 CA 的规则设置新 PIN（见“PIN 规则”）。',
        '不要用生日、电话号码、身份证号或连续数字作为 PIN。',
        '把新 PIN 告诉需要使用这支 UKEY 的同事，不要写在 UKEY 或电脑旁边。',
      ],
      en: [
        'Verify once with the default PIN in this app; if it works, the app warns that the default PIN is still in use.',
        'Press "Change PIN" and pick a new PIN that follows this CA\'s rules (see "PIN rules").',
        'Do not use a birthday, phone number, ID number or a simple sequence.',
        'Share the new PIN only with colleagues who use this token, and never write it on the token or near the PC.',
      ],
    },
    keywords: {
      'zh-CN': ['初始密码', '默认密码', '初始 PIN', '默认 PIN', '888888', '12345678', '111111', '统一社会信用代码', '后六位'],
      en: ['default pin', 'initial pin', 'factory pin', '888888', '12345678', '111111', 'unified social credit code'],
    },
    related: ['pin-policy', 'wrong-pin'],
  },
  {
    id: 'pin-policy',
    causesKind: 'facts',
    title: { 'zh-CN': 'PIN 规则：长度和字符要求', en: 'PIN rules: length and allowed characters' },
    summary: {
      'zh-CN': '每家 CA 对 PIN 的长度和字符有自己的规定；不符合时本应用会直接说明原因，绝不会悄悄截短。',
      en: 'Each CA has its own PIN length and character rules; when a PIN breaks them this app says why and never silently shortens it.',
    },
    causes: {
      'zh-CN': [
        '12309 检察网：6–8 位，必须同时包含字母和数字。',
        '长江养老（CFCA）：6 位纯数字。',
        'BJCA 解锁时建议使用字母加数字、不少于 6 位。',
        '有些旧工具会把超过 8 位的 PIN 悄悄截成前 8 位，导致以后“密码不对”。',
      ],
      en: [
        '12309 procuratorate: 6 to 8 characters, with both letters and digits.',
        'Changjiang pension (CFCA): exactly 6 digits.',
        'BJCA unlock: letters plus digits, at least 6 characters, recommended.',
        'Some old tools silently cut a PIN longer than 8 characters to its first 8, which later looks like a "wrong PIN".',
      ],
    },
    steps: {
      'zh-CN': [
        '在 PIN 页面修改时，输入框下方会列出这支 UKEY 的规则。',
        '新 PIN 不符合规则时，本应用会指出是哪一条（太短、太长、缺字母或缺数字），请按提示调整。',
        '本应用不会替你截短 PIN：输入的是什么，写进 UKEY 的就是什么。',
        '修改成功后立刻用新 PIN 验证一次，确认记得没错。',
      ],
      en: [
        'When changing the PIN, the rules for this token are listed under the input box.',
        'If the new PIN breaks a rule, the app names it (too short, too long, missing letter or digit); adjust and try again.',
        'This app never shortens a PIN: what you type is exactly what goes to the token.',
        'Right after the change, verify once with the new PIN to be sure you remember it.',
      ],
    },
    keywords: {
      'zh-CN': ['PIN 规则', '密码规则', '密码长度', '位数', '字母和数字', '6-8 位', '截短', '修改密码', '修改口令'],
      en: ['pin rules', 'pin policy', 'length', 'letters and digits', 'change pin', 'truncated', 'too long'],
    },
    related: ['default-pins', 'wrong-pin'],
  },
];
