import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useFeedback } from '../../app/feedback';
import type { Indicator, Sheet } from '../../../domain/indicators.js';
import { FINALITY_LABEL, SUBMISSION_STATUS_LABEL } from '../../app/labels-domain';
import { chinaDateTime } from '../../../domain/dates.js';
import { isApiError } from '../../app/api-client';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { formatGrowth, formatValue, useCatalogue, useHistory, useIndicatorMutations, useSheet } from './indicators.api';
import { t } from '../../app/i18n';

type Line = Sheet['lines'][number];
interface Draft {
  value: number | null;
  final: boolean;
  note: string;
}

const STATUS_COLOR = { draft: 'default', submitted: 'processing', accepted: 'success', returned: 'error' } as const;

/**
 * One county's sheet for one year: the county's coordinator fills it in (grouped by the department
 * that supplies the figures), the city bureau reviews it. Computed figures fill themselves in.
 */
export function SheetForm({ division, year }: { division: string; year: number }) {
  const sheet = useSheet(division, year);
  const catalogue = useCatalogue();
  if (sheet.isError) return <QueryErrorResult error={sheet.error} onRetry={() => void sheet.refetch()} />;
  if (!sheet.data || !catalogue.data) return <Card loading />;
  // A new version of the sheet (saved, submitted, reviewed, another year) starts the form afresh.
  const s = sheet.data;
  return <SheetBody key={`${s.county.id}:${s.year}:${s.version}:${s.status}`} division={division} year={year} s={s} catalogue={catalogue.data.data} />;
}

function SheetBody({ division, year, s, catalogue }: { division: string; year: number; s: Sheet; catalogue: Indicator[] }) {
  const { save, submit, review } = useIndicatorMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(s.lines.map((l) => [l.indicator, { value: l.computed ? null : l.value, final: l.final, note: l.note }])),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [historyOpen, setHistoryOpen] = useState(false);

  const byCode = useMemo(() => new Map(catalogue.map((c) => [c.code, c])), [catalogue]);
  const editable = s.can.edit;

  const changed = () =>
    s.lines
      .filter((l) => !l.computed || (drafts[l.indicator]?.value ?? null) !== null)
      .filter((l) => {
        const d = drafts[l.indicator];
        return d && (d.value !== (l.computed ? null : l.value) || d.final !== l.final || d.note !== l.note);
      })
      .map((l) => ({ indicator: l.indicator, value: drafts[l.indicator].value, final: drafts[l.indicator].final, note: drafts[l.indicator].note }));

  const doSave = async () => {
    const values = changed();
    setProblems({});
    try {
      const r = await save.mutateAsync({ division, year, version: s.version, values });
      void message.success(values.length ? t('已保存 {n} 项', { n: values.length }) : t('没有修改'));
      return r;
    } catch (err) {
      if (isApiError(err) && Array.isArray(err.details)) {
        // body.values.N.field → the line of that indicator
        const map: Record<string, string> = {};
        for (const d of err.details as { field: string; message: string }[]) {
          const m = /^body\.values\.(\d+)\./.exec(d.field);
          if (m) map[values[Number(m[1])].indicator] = d.message;
        }
        setProblems(map);
      }
      showError(err);
      return null;
    }
  };

  const doSubmit = async () => {
    const saved = changed().length ? await doSave() : s;
    if (!saved) return;
    try {
      await submit.mutateAsync({ division, year, version: saved.version });
      void message.success(t('已提交市局审核'));
    } catch (err) {
      showError(err);
    }
  };

  const decide = async (decision: 'accept' | 'return') => {
    try {
      await review.mutateAsync({ division, year, version: s.version, decision, reason });
      void message.success(decision === 'accept' ? t('已审核通过') : t('已退回县（区）修改'));
      setReturning(false);
      setReason('');
    } catch (err) {
      showError(err);
    }
  };

  const set = (code: string, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [code]: { ...d[code], ...patch } }));
  const groups = [...new Set(s.lines.map((l) => l.sourceDept))];

  const columns: TableColumnsType<Line> = [
    {
      title: t('指标'),
      key: 'name',
      width: 220,
      render: (_, l) => {
        const ind = byCode.get(l.indicator) as Indicator | undefined;
        return (
          <Tooltip title={ind?.formula ? t('计算：{formula}', { formula: ind.formula }) : ind?.definition}>
            <span>
              {ind?.name ?? l.indicator}
              {ind?.direction === 'down' && <Tag style={{ marginLeft: 4 }}>{t('越低越好')}</Tag>}
            </span>
          </Tooltip>
        );
      },
    },
    { title: t('单位@@计量'), key: 'unit', width: 110, render: (_, l) => byCode.get(l.indicator)?.unit },
    {
      title: t('{y} 年', { y: year }),
      key: 'value',
      width: 170,
      render: (_, l) =>
        l.computed || !editable ? (
          <span data-testid={`value-${l.indicator}`}>
            {formatValue(l.value)}
            {l.computed && (
              <Tag color="blue" style={{ marginLeft: 4 }}>
                {t('自动计算')}
              </Tag>
            )}
          </span>
        ) : (
          <InputNumber
            aria-label={byCode.get(l.indicator)?.name}
            data-testid={`input-${l.indicator}`}
            style={{ width: '100%' }}
            value={drafts[l.indicator]?.value ?? null}
            status={problems[l.indicator] ? 'error' : undefined}
            onChange={(v) => set(l.indicator, { value: typeof v === 'number' ? v : null })}
          />
        ),
    },
    { title: t('{y} 年（已审核）', { y: year - 1 }), key: 'previous', width: 130, render: (_, l) => formatValue(l.previous) },
    {
      title: t('同比'),
      key: 'growth',
      width: 120,
      render: (_, l) => (l.changePp !== null ? `${formatGrowth(l.growthPct)}（${formatGrowth(l.changePp, t('个百分点'))}）` : formatGrowth(l.growthPct)),
    },
    {
      title: t('口径'),
      key: 'final',
      width: 130,
      render: (_, l) =>
        l.computed ? null : editable ? (
          <Select
            size="small"
            style={{ width: 120 }}
            value={drafts[l.indicator]?.final ? 'final' : 'preliminary'}
            onChange={(v) => set(l.indicator, { final: v === 'final' })}
            options={[
              { value: 'preliminary', label: FINALITY_LABEL.preliminary },
              { value: 'final', label: FINALITY_LABEL.final },
            ]}
          />
        ) : (
          (l.value !== null && FINALITY_LABEL[l.final ? 'final' : 'preliminary']) || null
        ),
    },
    {
      title: t('说明'),
      key: 'note',
      render: (_, l) =>
        l.computed ? null : (
          <>
            {editable ? (
              <Input
                size="small"
                maxLength={200}
                placeholder={problems[l.indicator] ? t('请说明变化原因') : ''}
                value={drafts[l.indicator]?.note ?? ''}
                onChange={(e) => set(l.indicator, { note: e.target.value })}
                status={problems[l.indicator] ? 'error' : undefined}
              />
            ) : (
              l.note
            )}
            {problems[l.indicator] && (
              <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="line-problem">
                {problems[l.indicator]}
              </Typography.Text>
            )}
            {l.enteredBy && (
              <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                {l.enteredBy} · {chinaDateTime(l.enteredAt)}
              </div>
            )}
          </>
        ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space wrap>
          <Typography.Text strong>{t('{county} {year} 年度指标', { county: s.county.name, year })}</Typography.Text>
          <Tag color={s.status ? STATUS_COLOR[s.status] : 'default'} data-testid="sheet-status">
            {s.status ? SUBMISSION_STATUS_LABEL[s.status] : t('未填报')}
          </Tag>
          {s.reviewedBy && s.reviewedAt && (
            <Typography.Text type="secondary">{t('审核：{name} · {date}', { name: s.reviewedBy, date: chinaDateTime(s.reviewedAt) })}</Typography.Text>
          )}
        </Space>
        <Space wrap>
          <Button onClick={() => setHistoryOpen(true)} disabled={!s.status}>
            {t('修改记录')}
          </Button>
          {editable && (
            <Button onClick={() => void doSave()} loading={save.isPending}>
              {t('保存草稿')}
            </Button>
          )}
          {editable && (
            <Button type="primary" onClick={() => void doSubmit()} loading={submit.isPending} disabled={!s.can.submit && changed().length === 0}>
              {t('提交审核')}
            </Button>
          )}
          {s.can.review && (
            <>
              <Button danger onClick={() => setReturning(true)}>
                {t('退回')}
              </Button>
              <Button type="primary" onClick={() => void decide('accept')} loading={review.isPending}>
                {t('审核通过')}
              </Button>
            </>
          )}
          {s.can.reopen && (
            <Button danger onClick={() => setReturning(true)}>
              {t('退回更正')}
            </Button>
          )}
        </Space>
      </Flex>
      {s.status === 'returned' && s.returnReason && <Alert type="error" showIcon title={t('市局退回：{reason}', { reason: s.returnReason })} data-testid="return-reason" />}
      {editable && (
        <Typography.Text type="secondary">
          {t('与上年相比变化超过 {pct}% 的数值须在“说明”中写明原因；R&D经费投入强度等比率由基础数据自动计算。', { pct: s.jumpPct })}
        </Typography.Text>
      )}
      {groups.map((g) => (
        <Card key={g} size="small" title={t('数据来源：{source}', { source: g })}>
          <Table<Line> rowKey="indicator" size="small" pagination={false} columns={columns} dataSource={s.lines.filter((l) => l.sourceDept === g)} scroll={{ x: 960 }} />
        </Card>
      ))}
      <Modal
        open={returning}
        title={s.can.reopen ? t('退回已通过的指标更正') : t('退回指标填报')}
        okText={t('退回')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onOk={() => void decide('return')}
        onCancel={() => setReturning(false)}
        confirmLoading={review.isPending}
      >
        <Input.TextArea
          aria-label={t('退回理由')}
          rows={3}
          maxLength={500}
          placeholder={t('写明需要核实或修改的指标')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <HistoryModal open={historyOpen} onClose={() => setHistoryOpen(false)} division={division} year={year} names={byCode} />
    </Space>
  );
}

const ACTION_LABEL: Record<string, string> = {
  entered: t('填报'),
  imported: t('导入'),
  submitted: t('提交审核'),
  accepted: t('审核通过'),
  returned: t('退回'),
  demo: t('演示数据'),
};

function HistoryModal({ open, onClose, division, year, names }: { open: boolean; onClose: () => void; division: string; year: number; names: Map<string, Indicator> }) {
  const history = useHistory(division, year, open);
  return (
    <Modal open={open} title={t('修改记录')} footer={null} onCancel={onClose} width={760}>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        loading={history.isPending}
        dataSource={history.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('时间'), dataIndex: 'at', width: 150, render: (v: string) => chinaDateTime(v) },
          { title: t('操作'), dataIndex: 'action', width: 90, render: (v: string) => ACTION_LABEL[v] ?? v },
          { title: t('人员'), dataIndex: 'by', width: 160 },
          { title: t('指标'), dataIndex: 'indicator', render: (v: string) => (v ? (names.get(v)?.name ?? v) : t('整表')) },
          { title: t('数值'), dataIndex: 'value', width: 110, render: (v: number | null, r: { indicator: string }) => (r.indicator ? formatValue(v) : '') },
          { title: t('说明'), dataIndex: 'note' },
        ]}
      />
    </Modal>
  );
}
