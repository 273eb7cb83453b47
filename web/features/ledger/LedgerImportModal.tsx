import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Checkbox, Flex, Modal, Progress, Result, Select, Space, Table, Tag, Tooltip, Typography, Upload, type TableColumnsType } from 'antd';
import { useFeedback } from '../../app/feedback';
import { InboxOutlined } from '@ant-design/icons';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import type { LedgerCommitResult, LedgerMapping, LedgerPreview, LedgerPreviewRow, UnitDecision } from '../../../domain/ledger.js';
import { LEDGER_FIELDS, type LedgerField } from '../../../domain/ledger-parse.js';
import { FIELD_LABEL } from '../../app/labels-domain';
import { CATEGORY_LABEL, COMPARED_FIELD_LABEL, ITEM_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { isApiError } from '../../app/api-client';
import { useOrganisations } from '../organisations/organisations.api';
import { uploadLedger, useCommitLedger, useRepreview } from './ledger.api';

const CHANGE_LABEL: Record<string, string> = {
  ...(COMPARED_FIELD_LABEL as Record<string, string>),
  status: t('状态'),
  domain: t('领域'),
  responsible: t('责任人'),
  progressNote: t('进展情况'),
  leadUnitId: t('牵头单位'),
  coUnitIds: t('配合单位'),
};

type Decision = { kind: 'map'; orgId?: number } | { kind: 'create'; parentId?: number };

/** 上传 → 预览（可调整工作表、列对应、类别、跳过的行、未知单位）→ 确认导入。 */
export function LedgerImportModal({ consultationId, open, onClose }: { consultationId: number; open: boolean; onClose: () => void }) {
  const { message } = useFeedback();
  const [percent, setPercent] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<LedgerPreview | null>(null);
  const [mapping, setMapping] = useState<LedgerMapping>({});
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [result, setResult] = useState<LedgerCommitResult | null>(null);
  const repreview = useRepreview();
  const commit = useCommitLedger(consultationId);
  const orgs = useOrganisations();
  const orgOptions = useMemo(() => (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name })), [orgs.data]);

  const reset = () => {
    setPercent(null);
    setUploadError(null);
    setPreview(null);
    setMapping({});
    setDecisions({});
    setResult(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const start = async (file: File) => {
    setUploadError(null);
    setPercent(0);
    try {
      setPreview(await uploadLedger(consultationId, file, setPercent));
    } catch (err) {
      setUploadError(isApiError(err) ? err.message : t('上传失败'));
    } finally {
      setPercent(null);
    }
  };

  const adjust = (next: LedgerMapping) => {
    if (!preview) return;
    setMapping(next);
    repreview.mutate({ id: preview.id, mapping: next }, { onSuccess: setPreview, onError: (err) => void message.error(isApiError(err) ? err.message : t('重新预览失败')) });
  };

  const unitDecisions = useMemo(() => {
    const out: Record<string, UnitDecision> = {};
    for (const [name, d] of Object.entries(decisions)) {
      if (d.kind === 'map' && d.orgId) out[name] = { orgId: d.orgId };
      if (d.kind === 'create' && d.parentId) out[name] = { create: { parentId: d.parentId } };
    }
    return out;
  }, [decisions]);

  const unresolvedUnits = (preview?.unknownUnits ?? []).filter((u) => !unitDecisions[u.name]);
  const otherBlocking = (preview?.problems ?? []).filter((p) => p.blocking && !['LEDGER_UNKNOWN_UNIT', 'LEDGER_AMBIGUOUS_UNIT'].includes(p.code));

  const submit = () => {
    if (!preview) return;
    const itemVersions = Object.fromEntries(preview.rows.filter((r) => r.itemId !== null && r.itemVersion !== null).map((r) => [String(r.itemId), r.itemVersion!]));
    commit.mutate(
      { id: preview.id, body: { ...mapping, unitDecisions, itemVersions } },
      {
        onSuccess: setResult,
        onError: (err) => void message.error(isApiError(err) ? err.message : t('导入失败')),
      },
    );
  };

  const problemsByRow = useMemo(() => {
    const m = new Map<number, LedgerPreview['problems']>();
    for (const p of preview?.problems ?? []) {
      const row = Number(/\d+$/.exec(p.cell)?.[0]);
      m.set(row, [...(m.get(row) ?? []), p]);
    }
    return m;
  }, [preview]);

  const columns: TableColumnsType<LedgerPreviewRow> = [
    { title: t('行'), dataIndex: 'row', width: 56 },
    {
      title: t('跳过'),
      width: 56,
      render: (_, r) => (
        <Checkbox
          checked={r.skipped}
          data-testid={`ledger-skip-${r.row}`}
          onChange={(e) => {
            const rows = new Set(mapping.skipRows ?? []);
            if (e.target.checked) rows.add(r.row);
            else rows.delete(r.row);
            adjust({ ...mapping, skipRows: [...rows] });
          }}
        />
      ),
    },
    {
      title: t('导入方式'),
      width: 120,
      render: (_, r) =>
        r.action === 'add' ? (
          <Tag color="green">{t('新增')}</Tag>
        ) : r.changes.length ? (
          <Tooltip title={r.changes.map((c) => CHANGE_LABEL[c] ?? c).join(t('、'))}>
            <Tag color="blue">{t('更新 {n} 项', { n: r.changes.length })}</Tag>
          </Tooltip>
        ) : (
          <Tag>{t('无变化')}</Tag>
        ),
    },
    {
      title: t('类别'),
      width: 170,
      render: (_, r) => (
        <Select<Category>
          size="small"
          style={{ width: 150 }}
          status={r.category ? undefined : 'error'}
          placeholder={t('须指定类别')}
          value={r.category ?? undefined}
          options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
          data-testid={`ledger-category-${r.row}`}
          onChange={(c) => adjust({ ...mapping, categories: { ...(mapping.categories ?? {}), [String(r.row)]: c } })}
        />
      ),
    },
    { title: t('事项名称'), dataIndex: 'title', width: 240 },
    { title: t('领域'), dataIndex: 'domain', width: 90 },
    { title: t('牵头单位'), dataIndex: 'leadUnit', width: 160 },
    { title: t('配合单位'), width: 200, render: (_, r) => r.coUnits.join(t('、')) },
    { title: t('完成时限'), width: 110, render: (_, r) => (r.ongoing ? t('长期') : (r.deadline ?? '—')) },
    { title: t('资金（万元）'), width: 100, render: (_, r) => (r.fundingWan === null ? '—' : r.fundingWan) },
    { title: t('状态'), width: 80, render: (_, r) => (r.status ? ITEM_STATUS_LABEL[r.status] : '—') },
    { title: t('进展情况'), dataIndex: 'progressNote', width: 200, ellipsis: true },
    {
      title: t('问题'),
      width: 260,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          {(problemsByRow.get(r.row) ?? []).map((p) => (
            <Typography.Text key={p.cell + p.code} type={p.blocking ? 'danger' : 'warning'} data-testid="ledger-problem">
              {t('{cell}：{message}', { cell: p.cell, message: p.message })}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
  ];

  const headerOptions = (preview?.headers ?? []).map((h) => ({
    value: h.column,
    label: h.text ? t('{column} 列（{text}）', { column: h.column, text: h.text }) : t('{column} 列', { column: h.column }),
  }));
  // Rows the importer leaves out by itself (合计/小计) show with their own problems, such as a count that disagrees.
  const skippedRows = preview?.skippedRows ?? [];
  const sheetLevelProblems = (preview?.problems ?? []).filter((p) => {
    const row = /\d+$/.exec(p.cell)?.[0];
    return !preview?.rows.some((r) => String(r.row) === row) && !skippedRows.some((s) => String(s.row) === row);
  });

  return (
    <Modal title={t('导入台账')} open={open} onCancel={close} width={1280} footer={null} destroyOnHidden data-testid="ledger-import-modal">
      {result ? (
        <Result
          status="success"
          title={t('台账已导入')}
          subTitle={
            t('新增 {added} 项，更新 {updated} 项，未变 {unchanged} 项', { added: result.added, updated: result.updated, unchanged: result.unchanged }) +
            (result.createdUnits ? t('，新建单位 {n} 个', { n: result.createdUnits }) : '')
          }
          extra={
            <Button type="primary" onClick={close} data-testid="ledger-import-done">
              {t('完成')}
            </Button>
          }
        />
      ) : !preview ? (
        <>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            disabled={percent !== null}
            beforeUpload={(file) => {
              void start(file);
              return false;
            }}
            data-testid="ledger-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('点击或拖入 Excel 台账（.xlsx）')}</p>
            <p className="ant-upload-hint">{t('可识别常见的台账格式：分组标题或类别列、合并单元格、各种时限和金额写法；导入前会先预览，确认后才写入。')}</p>
          </Upload.Dragger>
          {percent !== null && (
            <div style={{ marginTop: 16 }} data-testid="ledger-upload-progress">
              <Progress percent={percent} status="active" />
              <Typography.Text type="secondary">{percent < 100 ? t('正在上传…') : t('正在解析台账…')}</Typography.Text>
            </div>
          )}
          {uploadError && <Alert style={{ marginTop: 16 }} type="error" showIcon title={uploadError} data-testid="ledger-upload-error" />}
        </>
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={12} wrap align="center">
            <Typography.Text>
              {t('文件：{name}；工作表：', { name: preview.filename })}
              <Select
                size="small"
                style={{ minWidth: 160 }}
                value={preview.sheet}
                options={preview.sheets.map((s) => ({ value: s, label: s }))}
                onChange={(sheet) => adjust({ ...mapping, sheet, columns: undefined, categories: undefined, skipRows: undefined })}
                data-testid="ledger-sheet"
              />
            </Typography.Text>
            <Typography.Text type="secondary">{t('表头在第 {n} 行', { n: preview.headerRow })}</Typography.Text>
            <Tag color="green">{t('新增 {n}', { n: preview.counts.add })}</Tag>
            <Tag color="blue">{t('更新 {n}', { n: preview.counts.update })}</Tag>
            <Tag>{t('无变化 {n}', { n: preview.counts.unchanged })}</Tag>
            {preview.counts.skipped > 0 && <Tag>{t('跳过 {n}', { n: preview.counts.skipped })}</Tag>}
            {repreview.isPending && <Typography.Text type="secondary">{t('正在重新预览…')}</Typography.Text>}
          </Flex>

          <details>
            <summary>{t('列对应（识别有误时可调整）')}</summary>
            <Flex gap={8} wrap style={{ marginTop: 8 }}>
              {LEDGER_FIELDS.filter((f) => f !== 'seq').map((f: LedgerField) => (
                <Space key={f} size={4}>
                  <Typography.Text>{FIELD_LABEL[f]}</Typography.Text>
                  <Select<string>
                    size="small"
                    allowClear={f !== 'title'}
                    placeholder={t('无此列')}
                    style={{ width: 170 }}
                    value={preview.columns[f]}
                    options={headerOptions}
                    data-testid={`ledger-column-${f}`}
                    onChange={(col) => adjust({ ...mapping, columns: { ...(mapping.columns ?? {}), [f]: col ?? null } })}
                  />
                </Space>
              ))}
            </Flex>
          </details>

          {skippedRows.length > 0 && (
            <Alert
              type={skippedRows.some((r) => problemsByRow.has(r.row)) ? 'warning' : 'info'}
              showIcon
              title={t('以下行不是事项，不导入')}
              description={
                <Flex vertical gap={4}>
                  {skippedRows.map((r) => (
                    <span key={r.row} data-testid="ledger-skipped-row">
                      {t('第 {row} 行：{reason}', { row: r.row, reason: r.reason })}
                      {(problemsByRow.get(r.row) ?? []).map((p) => t('；{cell}：{message}', { cell: p.cell, message: p.message })).join('')}
                    </span>
                  ))}
                </Flex>
              }
            />
          )}

          {sheetLevelProblems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('以下单元格未能识别')}
              description={
                <Flex vertical gap={4}>
                  {sheetLevelProblems.map((p) => {
                    const row = /\d+$/.exec(p.cell)?.[0] ?? '';
                    return (
                      <Flex key={p.cell + p.code} gap={8} align="center" wrap>
                        <span data-testid="ledger-problem">{t('{cell}：{message}', { cell: p.cell, message: p.message })}</span>
                        {p.code === 'LEDGER_UNKNOWN_SECTION' && (
                          <Select<Category>
                            size="small"
                            style={{ width: 150 }}
                            placeholder={t('本组事项的类别')}
                            value={mapping.categories?.[row]}
                            options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
                            data-testid={`ledger-section-${row}`}
                            onChange={(c) => adjust({ ...mapping, categories: { ...(mapping.categories ?? {}), [row]: c } })}
                          />
                        )}
                      </Flex>
                    );
                  })}
                </Flex>
              }
            />
          )}

          {preview.unknownUnits.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('以下单位在系统中找不到，请对应到已有组织或新建')}
              description={
                <Flex vertical gap={6} data-testid="ledger-unknown-units">
                  {preview.unknownUnits.map((u) => {
                    const d = decisions[u.name] ?? { kind: 'map' };
                    return (
                      <Flex key={u.name} gap={8} align="center" wrap>
                        <Typography.Text strong>{u.name}</Typography.Text>
                        <Typography.Text type="secondary">
                          {u.ambiguous ? t('（第 {rows} 行；同名组织有多个）', { rows: u.rows.join(t('、')) }) : t('（第 {rows} 行）', { rows: u.rows.join(t('、')) })}
                        </Typography.Text>
                        <Select
                          size="small"
                          style={{ width: 110 }}
                          value={d.kind}
                          options={[
                            { value: 'map', label: t('对应到') },
                            { value: 'create', label: t('新建于') },
                          ]}
                          onChange={(kind) => setDecisions((all) => ({ ...all, [u.name]: { kind } as Decision }))}
                        />
                        <Select<number>
                          size="small"
                          showSearch={{ optionFilterProp: 'label' }}
                          style={{ width: 280 }}
                          placeholder={d.kind === 'map' ? t('选择已有组织') : t('选择上级组织')}
                          value={d.kind === 'map' ? d.orgId : d.parentId}
                          options={orgOptions}
                          data-testid={`ledger-unit-${u.name}`}
                          onChange={(id) => setDecisions((all) => ({ ...all, [u.name]: d.kind === 'map' ? { kind: 'map', orgId: id } : { kind: 'create', parentId: id } }))}
                        />
                      </Flex>
                    );
                  })}
                </Flex>
              }
            />
          )}

          <Table<LedgerPreviewRow>
            size="small"
            rowKey="row"
            columns={columns}
            dataSource={preview.rows}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            scroll={{ x: 1900, y: 480 }}
            onRow={(r) =>
              ({
                'data-testid': 'ledger-preview-row',
                style:
                  (problemsByRow.get(r.row) ?? []).some((p) => p.blocking) && !r.skipped
                    ? { background: '#fff1f0' }
                    : problemsByRow.has(r.row) && !r.skipped
                      ? { background: '#fffbe6' }
                      : undefined,
              }) as HTMLAttributes<HTMLElement>
            }
          />

          <Flex justify="space-between" align="center">
            <Typography.Text type={otherBlocking.length || unresolvedUnits.length ? 'danger' : 'secondary'}>
              {otherBlocking.length || unresolvedUnits.length
                ? t('还有 {n} 处须处理（红色行：指定类别、补全领域或跳过；未知单位：对应或新建）', { n: otherBlocking.length + unresolvedUnits.length })
                : t('确认后一次性写入；任何一行失败都不会写入。')}
            </Typography.Text>
            <Space>
              <Button onClick={reset}>{t('重新选择文件')}</Button>
              <Button
                type="primary"
                loading={commit.isPending}
                disabled={otherBlocking.length > 0 || unresolvedUnits.length > 0 || repreview.isPending}
                onClick={submit}
                data-testid="ledger-commit"
              >
                {t('确认导入')}
              </Button>
            </Space>
          </Flex>
        </Flex>
      )}
    </Modal>
  );
}
