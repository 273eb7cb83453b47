import { Link, useSearchParams } from 'react-router';
import { Button, Empty, Flex, Input, List, Select, Tag, Typography } from 'antd';
import { SEARCH_KINDS, SEARCH_LIMITS, searchHitPath, type SearchHit, type SearchKind } from '../../../domain/search.js';
import { t } from '../../app/i18n';
import { SEARCH_KIND_LABEL } from '../../app/labels';
import { chinaDate } from '../../../domain/dates.js';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useConsultations } from '../consultations/consultations.api';
import { HighlightedText } from './HighlightedText';
import { useSearch } from './search.api';

const KIND_COLOR: Record<SearchKind, string> = {
  item: 'blue',
  need: 'cyan',
  comment: 'default',
  report: 'green',
  meeting: 'purple',
  notice: 'red',
  announcement: 'orange',
  project: 'geekblue',
};

const positiveInt = (v: string | null) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** 全文搜索: the query and its filters live in the address, so a result list can be shared and reloaded. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kindParam = params.get('kind');
  const kind = (SEARCH_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as SearchKind) : undefined;
  const consultationId = positiveInt(params.get('consultationId'));
  const year = positiveInt(params.get('year'));
  const search = useSearch({ q, kind, consultationId, year });
  const consultations = useConsultations();
  const hits = search.data?.pages.flatMap((p) => p.data) ?? [];

  const set = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: key !== 'q' });
  };

  const years = [...new Set((consultations.data ?? []).map((c) => c.year))].sort((a, b) => b - a);

  return (
    <Page title={t('全文搜索')}>
      <Flex vertical gap={12} style={{ marginBottom: 16 }}>
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('输入关键词，繁体、简体均可')}
          maxLength={SEARCH_LIMITS.queryChars}
          allowClear
          enterButton={t('搜索')}
          onSearch={(v) => set('q', v.trim())}
          data-testid="search-input"
          style={{ maxWidth: 640 }}
        />
        <Flex gap={8} wrap>
          <Select
            allowClear
            placeholder={t('全部类型')}
            style={{ width: 140 }}
            value={kind}
            onChange={(v?: SearchKind) => set('kind', v)}
            options={SEARCH_KINDS.map((k) => ({ value: k, label: SEARCH_KIND_LABEL[k] }))}
            data-testid="search-kind"
          />
          <Select
            allowClear
            placeholder={t('全部会商')}
            style={{ width: 320 }}
            value={consultationId}
            onChange={(v?: number) => set('consultationId', v)}
            options={(consultations.data ?? []).map((c) => ({ value: c.id, label: `${c.year} ${c.title}` }))}
            loading={consultations.isPending}
          />
          <Select
            allowClear
            placeholder={t('全部年度')}
            style={{ width: 120 }}
            value={year}
            onChange={(v?: number) => set('year', v)}
            options={years.map((y) => ({ value: y, label: t('{year}年', { year: y }) }))}
          />
        </Flex>
      </Flex>
      {!q.trim() ? (
        <Empty description={t('输入关键词后按回车搜索')} />
      ) : search.isError ? (
        <QueryErrorResult error={search.error} onRetry={() => void search.refetch()} />
      ) : (
        <>
          <List<SearchHit>
            loading={search.isPending}
            dataSource={hits}
            locale={{ emptyText: <Empty description={t('没有找到相关内容')} /> }}
            renderItem={(h) => (
              <List.Item data-testid="search-hit" data-kind={h.kind} data-consultation={h.consultationId ?? ''}>
                <List.Item.Meta
                  title={
                    <Flex gap={8} align="center" wrap>
                      <Tag color={KIND_COLOR[h.kind]}>{SEARCH_KIND_LABEL[h.kind]}</Tag>
                      <Link to={searchHitPath(h)} data-testid="search-hit-link">
                        <HighlightedText parts={h.title} />
                      </Link>
                    </Flex>
                  }
                  description={
                    <>
                      {h.snippet.length > 0 && (
                        <Typography.Paragraph style={{ marginBottom: 4 }}>
                          <HighlightedText parts={h.snippet} />
                        </Typography.Paragraph>
                      )}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h.year ? t('{year}年 · 更新于 {date}', { year: h.year, date: chinaDate(h.updatedAt) }) : t('更新于 {date}', { date: chinaDate(h.updatedAt) })}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
          {!search.hasNextPage && search.data?.pages[search.data.pages.length - 1]?.capped && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, textAlign: 'center' }} data-testid="search-capped">
              {t('以上为最近的 {n} 条匹配结果；更早的内容请按类型、会商或年份筛选，或增加关键词', { n: SEARCH_LIMITS.rankedMatches })}
            </Typography.Paragraph>
          )}
          {search.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button onClick={() => void search.fetchNextPage()} loading={search.isFetchingNextPage}>
                {t('加载更多')}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Page>
  );
}
