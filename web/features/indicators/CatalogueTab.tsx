import { useState } from 'react';
import { Button, Card, Form, InputNumber, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useFeedback } from '../../app/feedback';
import { TARGET_LEVELS, type Target } from '../../../domain/indicators.js';
import { TARGET_LEVEL_LABEL } from '../../app/labels-domain';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { formatValue, useCatalogue, useIndicatorMutations } from './indicators.api';
import { t } from '../../app/i18n';

/** The catalogue as everyone reads it; targets, weights and the jump threshold as the bureau keeps them. */
export function CatalogueTab() {
  const catalogue = useCatalogue();
  if (catalogue.isError) return <QueryErrorResult error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  const c = catalogue.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Table
        rowKey="code"
        size="small"
        loading={!c}
        dataSource={c?.data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('指标'), dataIndex: 'name', width: 200 },
          { title: t('代码'), dataIndex: 'code', width: 200 },
          { title: t('单位@@计量'), dataIndex: 'unit', width: 110 },
          { title: t('方向'), dataIndex: 'direction', width: 80, render: (d: string) => (d === 'up' ? t('越高越好') : t('越低越好')) },
          { title: t('维度'), dataIndex: 'dimension', width: 70 },
          { title: t('数据来源'), dataIndex: 'sourceDept', width: 140 },
          { title: t('口径 / 计算'), key: 'def', render: (_, r) => (r.formula ? <Tag color="blue">{r.formula}</Tag> : r.definition) },
        ]}
      />
      {c && <TargetsCard targets={c.targets} canManage={c.canManage} names={new Map(c.data.map((i) => [i.code, i.name]))} />}
      {c?.canManage && (
        <SettingsCard key={JSON.stringify([c.jumpPct, c.weights])} jumpPct={c.jumpPct} weights={c.weights} options={c.data.map((i) => ({ value: i.code, label: i.name }))} />
      )}
    </Space>
  );
}

function TargetsCard({ targets, canManage, names }: { targets: Target[]; canManage: boolean; names: Map<string, string> }) {
  const { addTarget, removeTarget } = useIndicatorMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [form] = Form.useForm();
  const add = async () => {
    try {
      await addTarget.mutateAsync({ ...form.getFieldsValue(), note: form.getFieldValue('note') ?? '' });
      form.resetFields();
      void message.success(t('已新增目标值'));
    } catch (err) {
      showError(err, { form, fields: ['indicator', 'level', 'fromYear', 'threshold', 'note'] });
    }
  };
  return (
    <Card size="small" title={t('目标值（创新型县评估依据）')}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={targets}
        columns={[
          { title: t('指标'), dataIndex: 'indicator', render: (v: string) => names.get(v) ?? v },
          { title: t('级别'), dataIndex: 'level', width: 80, render: (l: 'province' | 'city') => TARGET_LEVEL_LABEL[l] },
          { title: t('起始年度'), dataIndex: 'fromYear', width: 90 },
          { title: t('目标值'), dataIndex: 'threshold', width: 90, render: formatValue },
          { title: t('依据'), dataIndex: 'note' },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'x',
                  width: 70,
                  render: (_: unknown, target: Target) => (
                    <Popconfirm title={t('删除这个目标值？')} onConfirm={() => void removeTarget.mutateAsync(target.id).catch(showError)} okText={t('删除')} cancelText={t('取消')}>
                      <Button type="link" size="small" danger>
                        {t('删除')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} onFinish={() => void add()}>
          <Form.Item name="indicator" rules={[{ required: true, message: t('选择指标') }]}>
            <Select
              aria-label={t('指标')}
              placeholder={t('指标')}
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={[...names].map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="level" initialValue="city">
            <Select aria-label={t('级别')} style={{ width: 90 }} options={TARGET_LEVELS.map((l) => ({ value: l, label: TARGET_LEVEL_LABEL[l] }))} />
          </Form.Item>
          <Form.Item name="fromYear" rules={[{ required: true, message: t('起始年度') }]}>
            <InputNumber aria-label={t('起始年度')} placeholder={t('起始年度')} min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="threshold" rules={[{ required: true, message: t('目标值') }]}>
            <InputNumber aria-label={t('目标值')} placeholder={t('目标值')} />
          </Form.Item>
          <Form.Item name="note">
            <Input aria-label={t('依据')} placeholder={t('依据（文件、规划）')} maxLength={200} style={{ width: 240 }} />
          </Form.Item>
          <Button htmlType="submit" loading={addTarget.isPending}>
            {t('新增目标值')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function SettingsCard({ jumpPct, weights, options }: { jumpPct: number; weights: { indicator: string; weight: number }[]; options: { value: string; label: string }[] }) {
  const { settings } = useIndicatorMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [jump, setJump] = useState(jumpPct);
  const [rows, setRows] = useState(weights);
  const save = async () => {
    try {
      await settings.mutateAsync({ jumpPct: jump, weights: rows });
      void message.success(t('已保存权重与阈值'));
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card size="small" title={t('县区对比权重与异常变动阈值')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          {t('与上年相比变化超过')}
          <InputNumber aria-label={t('异常变动阈值')} min={1} max={10000} value={jump} onChange={(v) => setJump(typeof v === 'number' ? v : jump)} />
          {t('% 的数值须填写说明')}
        </Space>
        {rows.map((w, i) => (
          <Space key={i}>
            <Select style={{ width: 240 }} value={w.indicator} options={options} onChange={(v) => setRows(rows.map((r, j) => (j === i ? { ...r, indicator: v } : r)))} />
            <InputNumber
              aria-label={t('权重')}
              min={0}
              max={100}
              value={w.weight}
              onChange={(v) => setRows(rows.map((r, j) => (j === i ? { ...r, weight: typeof v === 'number' ? v : 0 } : r)))}
            />
            <Button type="link" danger onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('移除')}
            </Button>
          </Space>
        ))}
        <Space>
          <Button onClick={() => setRows([...rows, { indicator: options[0]?.value ?? '', weight: 10 }])}>{t('添加权重指标')}</Button>
          <Button type="primary" onClick={() => void save()} loading={settings.isPending}>
            {t('保存权重与阈值')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
