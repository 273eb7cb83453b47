import { useState } from 'react';
import { Alert, Button, Flex, Modal, Result, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { indicatorWorkbookEndpoints as api, type IndicatorImportPreview, type IndicatorImportResult } from '../../../domain/indicator-workbook.endpoints.js';
import { callEndpoint, fileForm, isApiError } from '../../app/api-client';
import { formatValue, useCatalogue } from './indicators.api';
import { t } from '../../app/i18n';

const ORIENTATION_LABEL = { indicator_rows: t('指标为行、年度为列'), year_rows: t('年度为行、指标为列') } as const;
const LOCKED_LABEL = { submitted: t('已提交审核'), accepted: t('已审核通过') } as const;

type Row = { indicator: string; byYear: Map<number, IndicatorImportPreview['values'][number]> };

/**
 * 导入指标工作簿: the county's own Excel table (the one the office keeps, all years in it) → a
 * preview of every figure read, the cells that could not be read, and the years left alone because
 * they are already submitted or accepted → one commit of the rest, as drafts to check and submit.
 */
export function IndicatorImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (years: number[]) => void }) {
  const qc = useQueryClient();
  const catalogue = useCatalogue();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<IndicatorImportPreview | null>(null);
  const [result, setResult] = useState<IndicatorImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = new Map((catalogue.data?.data ?? []).map((i) => [i.code, i]));

  const reset = () => {
    setFile(null);
    setPreview(null);
    setResult(null);
    setError(null);
  };
  const close = () => {
    reset();
    onClose();
  };
  const run = async <T,>(call: () => Promise<T>, done: (result: T) => void) => {
    setBusy(true);
    setError(null);
    try {
      done(await call());
    } catch (err) {
      setError(isApiError(err) ? err.message : t('操作失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };
  const start = (f: File) => {
    setFile(f);
    void run(() => callEndpoint(api.preview, { query: {}, form: fileForm(f) }), setPreview);
  };
  const commit = () => {
    if (!file) return;
    void run(
      () => callEndpoint(api.commit, { query: {}, form: fileForm(file) }),
      (r) => {
        setResult(r);
        void qc.invalidateQueries({ queryKey: ['indicators'] });
        onImported(r.years);
      },
    );
  };

  const locked = new Map((preview?.skipped ?? []).map((k) => [k.year, k]));
  const rows: Row[] = (preview?.indicators ?? []).map((indicator) => ({
    indicator,
    byYear: new Map(preview!.values.filter((v) => v.indicator === indicator).map((v) => [v.year, v])),
  }));
  const columns: TableColumnsType<Row> = [
    {
      title: t('指标'),
      key: 'indicator',
      fixed: 'left',
      width: 200,
      render: (_, r) => (
        <span>
          {names.get(r.indicator)?.name ?? r.indicator}
          <Typography.Text type="secondary">（{names.get(r.indicator)?.unit ?? ''}）</Typography.Text>
        </span>
      ),
    },
    ...(preview?.years ?? []).map((year) => ({
      title: (
        <span>
          {t('{y}年', { y: year })}
          {locked.has(year) && <Tag style={{ marginInlineStart: 4 }}>{t('{status}，不导入', { status: LOCKED_LABEL[locked.get(year)!.status] })}</Tag>}
        </span>
      ),
      key: String(year),
      width: 150,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const v = r.byYear.get(year);
        if (!v) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Typography.Text type={locked.has(year) ? 'secondary' : undefined} title={t('单元格 {cell}', { cell: v.cell })}>
            {formatValue(v.value)}
            {!v.final && <Typography.Text type="warning">{t('（快报）')}</Typography.Text>}
          </Typography.Text>
        );
      },
    })),
  ];
  const written = (preview?.values ?? []).filter((v) => !locked.has(v.year)).length;

  return (
    <Modal title={t('导入指标工作簿')} open={open} onCancel={close} width={1100} footer={null} destroyOnHidden data-testid="indicator-import-modal">
      {result ? (
        <Result
          status="success"
          title={t('指标已导入')}
          subTitle={
            result.skipped.length
              ? t('{county} {years} 年写入 {n} 个数值，均为草稿，请核对后提交审核；{skipped} 年已提交或已审核，未改动。', {
                  county: result.county.name,
                  years: result.years.join('、'),
                  n: result.written,
                  skipped: result.skipped.join('、'),
                })
              : t('{county} {years} 年写入 {n} 个数值，均为草稿，请核对后提交审核。', { county: result.county.name, years: result.years.join('、'), n: result.written })
          }
          extra={
            <Button type="primary" onClick={close} data-testid="indicator-import-done">
              {t('完成')}
            </Button>
          }
        />
      ) : !preview ? (
        <Flex vertical gap={12}>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            disabled={busy}
            beforeUpload={(f) => {
              start(f);
              return false;
            }}
            data-testid="indicator-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('点击或拖入本县（区）的指标工作簿（.xlsx）')}</p>
            <p className="ant-upload-hint">{t('指标为行或年度为列均可；单位可写在表头或数值里（如“12家”“5.2亿元”）；空白、“—”“无”视为未填。导入前先预览，确认后才写入。')}</p>
          </Upload.Dragger>
          {busy && <Typography.Text type="secondary">{t('正在读取工作簿…')}</Typography.Text>}
          {error && <Alert type="error" showIcon title={error} data-testid="indicator-import-error" />}
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text data-testid="indicator-import-summary">
            {t('文件：{file}；工作表：{sheet}{orientation}；县（区）：{county}；年度：{years}；读到 {n} 个数值', {
              file: preview.filename,
              sheet: preview.sheet ?? '—',
              orientation: preview.orientation ? t('（{orientation}）', { orientation: ORIENTATION_LABEL[preview.orientation] }) : '',
              county: preview.county ? preview.county.name : (preview.countyText ?? t('未能确定')),
              years: preview.years.join('、') || '—',
              n: preview.values.length,
            })}
          </Typography.Text>
          {preview.problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={
                preview.problems.every((p) => p.code === 'INDICATOR_YEAR_LOCKED')
                  ? t('工作簿中的年度都已提交或已审核，导入不会改动任何数据；如需更正，请联系市局退回相应年度')
                  : t('有 {n} 处须在工作簿中改正后重新上传，未写入任何数据', { n: preview.problems.length })
              }
              description={
                <Flex vertical gap={2}>
                  {preview.problems.map((p) => (
                    <span key={p.cell + p.code} data-testid="indicator-import-problem">
                      {p.cell}：{p.message}
                    </span>
                  ))}
                </Flex>
              }
            />
          )}
          {preview.skipped.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('以下年度已提交或已审核，导入时保持不变')}
              description={
                <Flex vertical gap={2}>
                  {preview.skipped.map((k) => (
                    <span key={k.year} data-testid="indicator-import-skipped">
                      {k.differing > 0
                        ? t('{year} 年（{cell}）{status}；工作簿中有 {n} 个数值与系统不同，如需更正请联系市局退回后再导入', {
                            year: k.year,
                            cell: k.cell,
                            status: LOCKED_LABEL[k.status],
                            n: k.differing,
                          })
                        : t('{year} 年（{cell}）{status}；与系统中的数值一致', { year: k.year, cell: k.cell, status: LOCKED_LABEL[k.status] })}
                    </span>
                  ))}
                </Flex>
              }
            />
          )}
          <Table<Row> size="small" rowKey="indicator" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 200 + 150 * preview.years.length, y: 420 }} />
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text type={preview.blocked ? 'danger' : 'secondary'}>
              {preview.blocked ? t('工作簿有问题，不能导入。') : t('确认后一次性写入 {n} 个数值（各年度为草稿，提交前仍可修改）；任何一处失败都不会写入。', { n: written })}
            </Typography.Text>
            <Flex gap={8}>
              <Button onClick={reset}>{t('重新选择文件')}</Button>
              <Button type="primary" loading={busy} disabled={preview.blocked} onClick={commit} data-testid="indicator-import-commit">
                {t('确认导入')}
              </Button>
            </Flex>
          </Flex>
          {error && <Alert type="error" showIcon title={error} data-testid="indicator-import-error" />}
        </Flex>
      )}
    </Modal>
  );
}
