import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { locale, setLocale } from './i18n';

/**
 * The other language's own name, as every bilingual site offers it: a reader who cannot read the
 * current language still recognises the word for theirs. Not passed through t() for that reason.
 */
const OTHER = locale === 'en' ? { code: 'zh', name: '中文', full: '切换到中文' } : { code: 'en', name: 'EN', full: 'Switch to English' }; // i18n-exempt: each language named in itself

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  return (
    <Button
      type="text"
      size="small"
      icon={compact ? undefined : <GlobalOutlined />}
      onClick={() => setLocale(OTHER.code as 'zh' | 'en')}
      aria-label={OTHER.full}
      title={OTHER.full}
      lang={OTHER.code === 'zh' ? 'zh-CN' : 'en'}
      data-testid="language-switch"
    >
      {OTHER.name}
    </Button>
  );
}
