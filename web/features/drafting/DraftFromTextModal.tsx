import { useMemo, useState } from 'react';
import { Button, Flex, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { DraftCandidate, DraftResult } from '../../../domain/drafting.js';
import { DRAFT_TEXT_MAX } from '../../../domain/drafting.js';
import { CATEGORIES, type Category, type ItemCreate } from '../../../domain/items.js';
import { useFeedback } from '../../app/feedback';
import { t } from '../../app/i18n';
import { CATEGORY_LABEL } from '../../app/labels';
import { useShowApiError } from '../../app/use-api-error';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { useAddDraftItems, useParseDraft } from './drafting.api';

/** A candidate as the coordinator edits it before accepting it. */
interface Row {
  key: number;
  title: string;
  category: Category | null;
  domain: string | null;
  candidate: DraftCandidate;
}

function rowsOf(r: DraftResult): Row[] {
  return r.candidates.map((c, key) => ({ key, title: c.title, category: c.category, domain: c.domain, candidate: c }));
}

/** The sentence a candidate came from, its own words marked: the coordinator checks the reading at a glance. */
function Source({ c }: { c: DraftCandidate }) {
  const at = c.sentence.indexOf(c.title);
  if (at < 0) return <Typography.Text type="secondary">{c.sentence}</Typography.Text>;
  return (
    <Typography.Text type="secondary">
      {c.sentence.slice(0, at)}
      <mark>{c.title}</mark>
      {c.sentence.slice(at + c.title.length)}
    </Typography.Text>
  );
}

/**
 * 从文本起草: paste minutes, a notice or a news article (a traditional-character reprint too), read
 * the candidate items the server finds, correct them, and add the chosen ones to the list as new
 * items in one step.
 */
export function DraftFromTextModal({ consultationId, open, onClose }: { consultationId: number; open: boolean; onClose: () => void }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<DraftResult | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [selected, setSelected] = useState<number[]>([]);
  const parse = useParseDraft();
  const add = useAddDraftItems(consultationId);
  const domains = useDomainDictionary();
  const { message } = useFeedback();
  const showError = useShowApiError();

  const reset = () => {
    setResult(null);
    setRows([]);
    setSelected([]);
  };
  const close = () => {
    reset();
    setText('');
    onClose();
  };

  const read = async () => {
    try {
      const r = await parse.mutateAsync(text);
      setResult(r);
      const next = rowsOf(r);
      setRows(next);
      // Those whose category the text gives are taken by default; the rest wait for a decision.
      setSelected(next.filter((row) => row.category).map((row) => row.key));
    } catch (err) {
      showError(err);
    }
  };

  const change = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const chosen = rows.filter((r) => selected.includes(r.key));
  const undecided = chosen.filter((r) => !r.category || !r.domain || !r.title.trim());

  const accept = async () => {
    if (undecided.length) return void message.error(t('请为选中的每条候选事项填写名称并选择类别和领域'));
    const items: ItemCreate[] = chosen.map((r) => ({
      title: r.title.trim(),
      category: r.category!,
      domain: r.domain!,
      content: '',
      responsible: '',
      deadline: null,
      ongoing: false,
      fundingWan: null,
      status: 'not_started',
      progress: 0,
    }));
    try {
      await add.mutateAsync(items);
      void message.success(t('已加入清单 {n} 项', { n: items.length }));
      close();
    } catch (err) {
      showError(err);
    }
  };

  const domainOptions = useMemo(() => (domains.data ?? []).filter((d) => d.enabled).map((d) => ({ value: d.value, label: d.label })), [domains.data]);

  const columns: TableColumnsType<Row> = [
    {
      title: t('事项名称'),
      dataIndex: 'title',
      render: (_, r) => (
        <Flex vertical gap={4}>
          <Input value={r.title} maxLength={200} onChange={(e) => change(r.key, { title: e.target.value })} aria-label={t('事项名称')} data-testid="draft-title" />
          <Source c={r.candidate} />
        </Flex>
      ),
    },
    {
      title: t('类别'),
      dataIndex: 'category',
      width: 170,
      render: (_, r) => (
        <Select<Category>
          value={r.category ?? undefined}
          placeholder={t('选择类别')}
          style={{ width: '100%' }}
          status={selected.includes(r.key) && !r.category ? 'error' : undefined}
          options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
          onChange={(category) => change(r.key, { category })}
          data-testid="draft-category"
        />
      ),
    },
    {
      title: t('领域'),
      dataIndex: 'domain',
      width: 140,
      render: (_, r) => (
        <Select<string>
          allowClear
          value={r.domain ?? undefined}
          placeholder={t('选择领域')}
          style={{ width: '100%' }}
          status={selected.includes(r.key) && !r.domain ? 'error' : undefined}
          options={domainOptions}
          onChange={(domain) => change(r.key, { domain: domain ?? null })}
          data-testid="draft-domain"
        />
      ),
    },
    {
      title: t('文中项数'),
      key: 'count',
      width: 90,
      render: (_, r) => (r.candidate.statedCount ? t('等{n}项', { n: r.candidate.statedCount }) : '—'),
    },
  ];

  const total = result?.counts.find((c) => c.total);
  const footer = result ? (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Button onClick={reset}>{t('返回修改文本')}</Button>
      <Flex gap={8}>
        <Button onClick={close}>{t('取消')}</Button>
        <Button type="primary" disabled={!chosen.length} loading={add.isPending} onClick={() => void accept()} data-testid="draft-accept">
          {t('加入清单（{n}项）', { n: chosen.length })}
        </Button>
      </Flex>
    </Flex>
  ) : (
    <Flex justify="end" gap={8}>
      <Button onClick={close}>{t('取消')}</Button>
      <Button type="primary" disabled={!text.trim()} loading={parse.isPending} onClick={() => void read()} data-testid="draft-read">
        {t('识别候选事项')}
      </Button>
    </Flex>
  );

  return (
    <Modal open={open} title={t('从文本起草清单')} width={1000} onCancel={close} footer={footer} destroyOnHidden data-testid="draft-modal">
      {!result ? (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">
            {t('粘贴会议纪要、通知或新闻稿（繁体、带拼音注音或夹有广告的转载也可），系统找出其中的项目和工作事项，并按上下文推测类别和领域。')}
          </Typography.Text>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 10, maxRows: 20 }}
            maxLength={DRAFT_TEXT_MAX}
            showCount
            placeholder={t('在此粘贴文本')}
            data-testid="draft-text"
          />
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={8} wrap align="center" data-testid="draft-summary">
            <Typography.Text strong>{t('识别出 {n} 条候选事项', { n: rows.length })}</Typography.Text>
            {total && <Tag color="blue">{t('文中称共{n}项', { n: total.value })}</Tag>}
            {result.counts
              .filter((c) => c.category)
              .map((c, i) => (
                <Tag key={i}>{t('{category}：{text}', { category: CATEGORY_LABEL[c.category!], text: c.text })}</Tag>
              ))}
            {(result.stats.droppedLines > 0 || result.stats.glossesRemoved > 0) && (
              <Typography.Text type="secondary">
                {t('已略去 {lines} 行广告、{glosses} 处拼音注音', { lines: result.stats.droppedLines, glosses: result.stats.glossesRemoved })}
              </Typography.Text>
            )}
            {result.stats.converted && <Typography.Text type="secondary">{t('繁体已转为简体')}</Typography.Text>}
          </Flex>
          <Table<Row>
            rowKey="key"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ y: 480 }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
            locale={{ emptyText: t('没有找到候选事项：文本中没有带引号的项目名称、编号条目或以动词开头的工作事项') }}
            data-testid="draft-candidates"
          />
        </Flex>
      )}
    </Modal>
  );
}
