import { z } from 'zod';

/**
 * Chinese messages for Zod on both sides: the domain schemas validate the web forms and the API; their own messages are Chinese where a rule was
 * written by us, and this map covers Zod's built-in checks in words a form user understands
 * (zod's zh-CN locale would still print type names such as "string").
 */
export function installZodChinese(): void {
  z.config(z.locales.zhCN());
  z.config({
    customError: (iss) => {
      switch (iss.code) {
        case 'too_small': {
          const min = Number(iss.minimum);
          if (iss.origin === 'string') return min <= 1 ? '必填' : `至少 ${min} 个字符`;
          if (iss.origin === 'array') return min <= 1 ? '至少选择一项' : `至少选择 ${min} 项`;
          if (iss.origin === 'number') return `不能小于 ${min}`;
          return undefined;
        }
        case 'too_big': {
          const max = Number(iss.maximum);
          if (iss.origin === 'string') return `不能超过 ${max} 个字符`;
          if (iss.origin === 'array') return `最多选择 ${max} 项`;
          if (iss.origin === 'number') return `不能大于 ${max}`;
          return undefined;
        }
        case 'invalid_type':
          if (iss.input === undefined || iss.input === null || iss.input === '') return '必填';
          if (iss.expected === 'int' || iss.expected === 'number') return '应为数字';
          return '格式不正确';
        case 'invalid_value':
          return '请从列表中选择';
        case 'invalid_format':
          if (iss.format === 'email') return '电子邮箱格式不正确';
          return '格式不正确';
        case 'unrecognized_keys':
          return '包含不允许的字段';
        default:
          return undefined;
      }
    },
  });
}
