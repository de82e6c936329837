/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../shared/errors';

registerErrorTexts({
  'zh-CN': {
    WrongPinError: { cause: 'PIN 不正确。还剩 {attemptsRemaining} 次尝试。', whatToDo: '仔细核对后再输入；本应用不会自动重试。忘记 PIN 时不要反复猜，先查看指南。' },
    PinBlockedError: { cause: 'PIN 输错次数过多，已被锁定。', whatToDo: '用 PUK（解锁码）解锁并设置新 PIN；没有 PUK 时请联系你的 CA 申请解锁。' },
    SecurityStatusNotSatisfiedError: { cause: 'UKEY 要求先验证 PIN 才能执行这个操作。', whatToDo: '先验证 PIN，再重试这个操作。' },
    ApduError: { cause: 'UKEY 拒绝了命令（状态字 {sw}）。', whatToDo: '拔下 UKEY 重新插入后再试；仍然失败时查看指南并联系 CA。' },
    NotFoundError: { cause: 'UKEY 上没有找到请求的数据或应用。', whatToDo: '确认插入的是正确的 UKEY；证书缺失时查看指南。' },
    WrongLengthError: { cause: 'UKEY 不接受这个命令的长度（状态字 {sw}）。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
    ConditionsNotSatisfiedError: { cause: 'UKEY 当前状态不允许这个操作（状态字 {sw}）。', whatToDo: '重新插拔 UKEY 后再试；PIN 被锁定时先解锁。' },
    InsNotSupportedError: { cause: 'UKEY 不支持这个命令（状态字 {sw}）。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
    IncorrectDataError: { cause: 'UKEY 认为命令中的数据不正确（状态字 {sw}）。', whatToDo: '检查输入后再试；仍然失败时查看指南。' },
    MalformedApduError: { cause: '与 UKEY 交换的数据格式不正确。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
    TlvError: { cause: 'UKEY 返回的数据结构无法解析。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
    IncorrectParametersError: { cause: 'UKEY 不接受命令的参数（状态字 {sw}）。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
    HexFormatError: { cause: '输入的十六进制数据格式不正确。', whatToDo: '检查输入的内容后再试。' },
  },
  en: {
    WrongPinError: { cause: 'The PIN is wrong. {attemptsRemaining} tries left.', whatToDo: 'Check it and enter it again; nothing is retried automatically. If you forgot it, read the guide instead of guessing.' },
    PinBlockedError: { cause: 'The PIN was entered wrongly too often and is blocked.', whatToDo: 'Unblock it with the PUK and set a new PIN; without the PUK ask your CA for an unlock.' },
    SecurityStatusNotSatisfiedError: { cause: 'The token needs the PIN verified before this operation.', whatToDo: 'Verify the PIN first, then try again.' },
    ApduError: { cause: 'The token refused the command (status word {sw}).', whatToDo: 'Unplug and replug the token and try again; if it persists read the guide and contact your CA.' },
    NotFoundError: { cause: 'The requested data or application is not on the token.', whatToDo: 'Check that this is the right token; read the guide on missing certificates.' },
    WrongLengthError: { cause: 'The token does not accept the length of this command (status word {sw}).', whatToDo: 'This token model may not be supported yet: read the guide.' },
    ConditionsNotSatisfiedError: { cause: 'The token cannot do this in its current state (status word {sw}).', whatToDo: 'Replug the token and try again; unblock the PIN first if it is blocked.' },
    InsNotSupportedError: { cause: 'The token does not support this command (status word {sw}).', whatToDo: 'This token model may not be supported yet: read the guide.' },
    IncorrectDataError: { cause: 'The token found the data in the command incorrect (status word {sw}).', whatToDo: 'Check what you entered and try again; if it persists read the guide.' },
    MalformedApduError: { cause: 'Data exchanged with the token was malformed.', whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
    TlvError: { cause: 'The token answered with data that could not be decoded.', whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
    IncorrectParametersError: { cause: 'The token does not accept the parameters of the command (status word {sw}).', whatToDo: 'This token model may not be supported yet: read the guide.' },
    HexFormatError: { cause: 'The hexadecimal input is malformed.', whatToDo: 'Check what you entered and try again.' },
  },
});
