import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Button, Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { SEARCH_LIMITS } from '../../../domain/search.js';
import { t } from '../../app/i18n';

/** The header's search box: Enter opens the results page; on a phone, an icon that opens it empty. */
export function HeaderSearchBox({ compact }: { compact: boolean }) {
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [typed, setTyped] = useState<string | null>(null);
  const value = typed ?? current;

  if (compact) {
    return <Button type="text" icon={<SearchOutlined />} aria-label={t('搜索')} onClick={() => void navigate('/search')} data-testid="header-search-open" />;
  }
  return (
    <Input
      className="shell-search"
      prefix={<SearchOutlined />}
      placeholder={t('搜索事项、需求、报告、纪要…')}
      aria-label={t('全文搜索')}
      allowClear
      maxLength={SEARCH_LIMITS.queryChars}
      value={value}
      onChange={(e) => setTyped(e.target.value)}
      onPressEnter={() => {
        const q = value.trim();
        if (!q) return;
        setTyped(null);
        void navigate(`/search?${new URLSearchParams({ q }).toString()}`);
      }}
      data-testid="header-search"
    />
  );
}
