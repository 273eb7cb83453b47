import { useState } from 'react';
import { Button, Card, InputNumber, Space, Table, Tag, type TableColumnsType } from 'antd';
import { chinaDateTime } from '../../../domain/dates.js';
import { MLPS3_PASSWORD_PROFILE, type Parameter, type ParameterKey } from '../../../domain/parameters.js';
import { useFeedback } from '../../app/feedback';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useParameters, useUpdateParameter } from './system.api';
import { t } from '../../app/i18n';

/** Keyed by the stored value, so a save or a reset starts it afresh from what the server holds. */
function ValueEditor({ p }: { p: Parameter }) {
  const [value, setValue] = useState<number | null>(p.value);
  const update = useUpdateParameter();
  const { message } = useFeedback();
  const showError = useShowApiError();

  const save = async (next: number | null) => {
    try {
      const r = await update.mutateAsync({ key: p.key, value: next });
      void message.success(
        next === null
          ? t('“{label}”已恢复默认值 {value} {unit}', { label: p.label, value: r.value, unit: p.unit })
          : t('“{label}”已改为 {value} {unit}', { label: p.label, value: r.value, unit: p.unit }),
      );
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Space wrap data-testid={`param-${p.key}`}>
      <InputNumber min={p.min} max={p.max} precision={0} value={value} onChange={(v) => setValue(v)} suffix={p.unit} style={{ width: 170 }} />
      <Button type="primary" size="small" disabled={value === null || value === p.value} loading={update.isPending} onClick={() => void save(value)}>
        {t('保存')}
      </Button>
      {p.customised && (
        <Button size="small" onClick={() => void save(null)}>
          {t('恢复默认')}
        </Button>
      )}
    </Space>
  );
}

/** Sets the password policy to the 等保三级 profile in one step (each value saved, and audited, as if typed). */
function Mlps3ProfileButton({ params }: { params: Parameter[] }) {
  const update = useUpdateParameter();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [saving, setSaving] = useState(false);
  const entries = Object.entries(MLPS3_PASSWORD_PROFILE) as [ParameterKey, number][];
  const applied = entries.every(([key, value]) => params.find((p) => p.key === key)?.value === value);
  const apply = async () => {
    setSaving(true);
    try {
      for (const [key, value] of entries) {
        if (params.find((p) => p.key === key)?.value !== value) await update.mutateAsync({ key, value });
      }
      void message.success(t('已应用等保三级密码策略：至少 12 位、三类字符、不得重复最近 5 个密码、90 天有效期'));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Button size="small" disabled={applied} loading={saving} onClick={() => void apply()} data-testid="mlps3-profile">
      {applied ? t('已符合等保三级配置') : t('应用等保三级配置')}
    </Button>
  );
}

/** 系统参数: what the server obeys while running, grouped as the system administrator thinks of them. */
export function ParametersPage() {
  const params = useParameters();
  const groups = [...new Set((params.data ?? []).map((p) => p.group))];

  const columns: TableColumnsType<Parameter> = [
    {
      title: t('参数'),
      key: 'label',
      render: (_, p) => (
        <div>
          <div>
            {p.label} {p.customised && <Tag color="blue">{t('已修改')}</Tag>}
          </div>
          <div className="muted">{p.help}</div>
        </div>
      ),
    },
    { title: t('取值'), key: 'value', width: 330, render: (_, p) => <ValueEditor key={`${p.key}:${p.value}`} p={p} /> },
    { title: t('默认值'), key: 'default', width: 110, render: (_, p) => `${p.defaultValue} ${p.unit}` },
    { title: t('范围'), key: 'range', width: 130, render: (_, p) => `${p.min}–${p.max}` },
    { title: t('最近修改'), key: 'updated', width: 170, render: (_, p) => (p.updatedAt ? `${p.updatedBy} · ${chinaDateTime(p.updatedAt)}` : '—') },
  ];

  return (
    <Page title={t('系统参数')} subTitle={t('修改即时生效（多实例部署时其他实例在 5 秒内生效）；预警灯阈值在下一次督办扫描时作用于全部事项，可在“定时任务”中立即执行一次。')}>
      {params.isError ? (
        <QueryErrorResult error={params.error} onRetry={() => void params.refetch()} />
      ) : (
        groups.map((g) => (
          <Card
            key={g}
            title={g}
            size="small"
            style={{ marginBottom: 16 }}
            extra={params.data!.some((p) => p.group === g && p.key.startsWith('password.')) ? <Mlps3ProfileButton params={params.data!} /> : undefined}
          >
            <Table<Parameter> rowKey="key" size="small" columns={columns} dataSource={params.data!.filter((p) => p.group === g)} pagination={false} scroll={{ x: 900 }} />
          </Card>
        ))
      )}
      {params.isPending && <Card loading />}
    </Page>
  );
}
