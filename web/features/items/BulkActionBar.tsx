import { useState } from 'react';
import { Alert, Button, DatePicker, Flex, Input, List, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { BulkField, BulkRefusal, ItemBulkChange } from '../../../domain/items-bulk.js';
import { CHANGE_REASON_MAX } from '../../../domain/change-requests.js';
import { ITEM_STATUSES, type ItemStatus } from '../../../domain/items.js';
import { ITEM_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { isApiError } from '../../app/api-client';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { OrgTreeSelect } from '../organisations/OrgTreeSelect';
import { useBulkChange, useBulkExtension, type SelectedItem } from './items-bulk.api';

const ACTION_LABEL: Record<BulkField, string> = {
  leadUnitId: t('修改牵头单位'),
  deadline: t('修改完成时限'),
  domain: t('修改领域'),
  status: t('修改状态'),
};

/** What a bulk action answered: how many went through, and each refused item with its reason. */
interface BulkReport {
  title: string;
  summary: string;
  refused: BulkRefusal[];
}

/**
 * The bar over a list with selected items: pick what to change, confirm with the count named, then
 * read which items changed and which were refused and why. On an adopted list a deadline moves only
 * by a request the other side approves, so the bar also files one extension request per item.
 */
export function BulkActionBar({
  selected,
  partyOrgIds,
  extendable,
  onDone,
}: {
  selected: SelectedItem[];
  /** Where the unit tree opens; the server refuses, per item, a unit outside that item's consultation. */
  partyOrgIds: number[];
  /** The selection may hold items of adopted lists, whose deadlines move by extension requests. */
  extendable: boolean;
  onDone: () => void;
}) {
  const [field, setField] = useState<BulkField | null>(null);
  const [value, setValue] = useState<string | number | null>(null);
  const [report, setReport] = useState<BulkReport | null>(null);
  const [reported, setReported] = useState<SelectedItem[]>([]);
  const [extension, setExtension] = useState<{ deadline: string | null; reason: string } | null>(null);
  const dict = useDomainDictionary();
  const bulk = useBulkChange();
  const extend = useBulkExtension();

  if (!selected.length && !report) return null;

  const open = (f: BulkField) => {
    setField(f);
    setValue(null);
    bulk.reset();
  };
  const change = (): ItemBulkChange | null => {
    if (value === null || field === null) return null;
    if (field === 'leadUnitId') return { leadUnitId: Number(value) };
    if (field === 'deadline') return { deadline: String(value) };
    if (field === 'domain') return { domain: String(value) };
    return { status: value as ItemStatus };
  };
  const submit = () => {
    const c = change();
    if (!c) return;
    const items = selected;
    bulk.mutate(
      { items, change: c },
      {
        onSuccess: (r) => {
          setField(null);
          setReported(items);
          setReport({
            title: t('批量修改结果'),
            summary: t('已修改 {changed} 项，未修改 {refused} 项', { changed: r.changed.length, refused: r.refused.length }),
            refused: r.refused,
          });
          onDone();
        },
      },
    );
  };
  const submitExtension = () => {
    if (!extension?.deadline || !extension.reason.trim()) return;
    const items = selected;
    extend.mutate(
      { items, deadline: extension.deadline, reason: extension.reason.trim() },
      {
        onSuccess: (r) => {
          setExtension(null);
          setReported(items);
          setReport({
            title: t('批量延期申请结果'),
            summary: t('已提出 {filed} 项延期申请，待对方联络员审批；未提出 {refused} 项', { filed: r.filed.length, refused: r.refused.length }),
            refused: r.refused,
          });
          onDone();
        },
      },
    );
  };
  const titleOf = (id: number) => reported.find((i) => i.id === id)?.title ?? `#${id}`;

  return (
    <>
      {selected.length > 0 && (
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="bulk-bar">
          <Typography.Text strong>{t('已选 {n} 项', { n: selected.length })}</Typography.Text>
          {(Object.keys(ACTION_LABEL) as BulkField[]).map((f) => (
            <Button key={f} size="small" onClick={() => open(f)} data-testid={`bulk-${f}`}>
              {ACTION_LABEL[f]}
            </Button>
          ))}
          {extendable && (
            <Button
              size="small"
              onClick={() => {
                extend.reset();
                setExtension({ deadline: null, reason: '' });
              }}
              data-testid="bulk-extend"
            >
              {t('申请延期')}
            </Button>
          )}
          <Button size="small" type="link" onClick={onDone}>
            {t('取消选择')}
          </Button>
        </Flex>
      )}
      <Modal
        open={field !== null}
        title={field ? ACTION_LABEL[field] : ''}
        okText={t('确认修改 {n} 项', { n: selected.length })}
        okButtonProps={{ disabled: value === null, loading: bulk.isPending, 'data-testid': 'bulk-confirm' }}
        onOk={submit}
        onCancel={() => setField(null)}
        destroyOnHidden
      >
        <Typography.Paragraph data-testid="bulk-count">{t('将修改选中的 {n} 个事项，每个事项单独校验并记录审计。', { n: selected.length })}</Typography.Paragraph>
        {field === 'leadUnitId' && (
          <OrgTreeSelect placeholder={t('选择牵头单位')} expandTo={partyOrgIds} value={typeof value === 'number' ? value : null} onChange={(v) => setValue(v)} />
        )}
        {field === 'deadline' && (
          <DatePicker
            style={{ width: '100%' }}
            placeholder={t('选择日期')}
            onChange={(d: Dayjs | null) => setValue(d ? d.format('YYYY-MM-DD') : null)}
            data-testid="bulk-deadline"
          />
        )}
        {field === 'domain' && (
          <Select<string>
            style={{ width: '100%' }}
            placeholder={t('选择领域')}
            options={(dict.data ?? []).filter((d) => d.enabled).map((d) => ({ value: d.value, label: d.label }))}
            onChange={(v) => setValue(v)}
          />
        )}
        {field === 'status' && (
          <Select<ItemStatus>
            style={{ width: '100%' }}
            placeholder={t('选择状态')}
            options={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABEL[s] }))}
            onChange={(v) => setValue(v)}
          />
        )}
        {bulk.isError && <Alert type="error" showIcon style={{ marginTop: 12 }} title={isApiError(bulk.error) ? bulk.error.message : t('修改失败，请稍后重试')} />}
      </Modal>
      <Modal
        open={extension !== null}
        title={t('申请延期')}
        okText={t('提出 {n} 项延期申请', { n: selected.length })}
        okButtonProps={{ disabled: !extension?.deadline || !extension.reason.trim(), loading: extend.isPending, 'data-testid': 'bulk-extend-confirm' }}
        onOk={submitExtension}
        onCancel={() => setExtension(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {t('清单议定后，完成时限须经对方联络员同意才能调整。将为选中的 {n} 个事项各提出一份延期申请，由对方逐项审批。', { n: selected.length })}
        </Typography.Paragraph>
        <Flex vertical gap={12}>
          <DatePicker
            style={{ width: '100%' }}
            placeholder={t('新的完成时限')}
            onChange={(d: Dayjs | null) => setExtension((e) => e && { ...e, deadline: d ? d.format('YYYY-MM-DD') : null })}
            data-testid="bulk-extend-deadline"
          />
          <Input.TextArea
            rows={3}
            maxLength={CHANGE_REASON_MAX}
            placeholder={t('申请理由（对方审批时可见）')}
            value={extension?.reason ?? ''}
            onChange={(e) => setExtension((x) => x && { ...x, reason: e.target.value })}
            data-testid="bulk-extend-reason"
          />
        </Flex>
        {extend.isError && <Alert type="error" showIcon style={{ marginTop: 12 }} title={isApiError(extend.error) ? extend.error.message : t('提交失败，请稍后重试')} />}
      </Modal>
      <Modal open={report !== null} title={report?.title} footer={null} onCancel={() => setReport(null)} destroyOnHidden>
        {report && (
          <div data-testid="bulk-report">
            <Alert type={report.refused.length ? 'warning' : 'success'} showIcon title={report.summary} style={{ marginBottom: 12 }} />
            {report.refused.length > 0 && (
              <List
                size="small"
                header={t('未办理的事项及原因')}
                dataSource={report.refused}
                renderItem={(r) => (
                  <List.Item data-testid="bulk-refused">
                    <Typography.Text strong>{titleOf(r.id)}</Typography.Text>
                    <Typography.Text type="secondary">{r.message}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
