import { useState } from 'react';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Form, InputNumber, Modal, Select, Table, Typography, type TableColumnsType } from 'antd';
import { WEIGHT_MAX, type Assessment, type AssessmentRow, type AssessmentWeights } from '../../../domain/assessment.js';
import { plainNumber } from '../../../domain/assessment.js';
import { formatOnTimeRate } from '../../../domain/periods.js';
import { isApiError } from '../../app/api-client';
import { useFeedback } from '../../app/feedback';
import { t } from '../../app/i18n';
import { periodLabel } from '../../app/labels';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { assessmentExportUrl, useAssessment, useSetAssessmentWeights } from './assessment.api';
import { formulaText } from './assessment-formula';

/** Quarters, half-years and whole years of the last three years, newest first. */
function periodOptions(today: string) {
  const year = Number(today.slice(0, 4));
  const out: { value: string; label: string }[] = [];
  for (let y = year; y > year - 3; y--) {
    out.push({ value: String(y), label: t('{year}年度', { year: y }) });
    for (const code of [`${y}H2`, `${y}H1`, `${y}Q4`, `${y}Q3`, `${y}Q2`, `${y}Q1`]) out.push({ value: code, label: periodLabel(code) });
  }
  return out;
}

const periodName = (code: string) => (/^\d{4}$/.test(code) ? t('{year}年度', { year: code }) : periodLabel(code));
const ratio = (done: number, of: number) => (of > 0 ? done / of : null);

function Fraction({ done, of }: { done: number; of: number }) {
  return (
    <span>
      {done}/{of}
      <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
        {formatOnTimeRate(ratio(done, of))}
      </Typography.Text>
    </span>
  );
}

const columns: TableColumnsType<AssessmentRow> = [
  { title: t('名次'), dataIndex: 'rank', width: 64, align: 'center' },
  { title: t('牵头单位'), key: 'unit', width: 220, render: (_, r) => r.unit.name },
  { title: t('事项数'), dataIndex: 'items', width: 80, align: 'right' },
  { title: t('按时报送'), key: 'reports', width: 120, render: (_, r) => <Fraction done={r.figures.reportsOnTime} of={r.figures.reportsOwed} /> },
  { title: t('按期办结'), key: 'completed', width: 120, render: (_, r) => <Fraction done={r.figures.itemsOnTime} of={r.figures.itemsDue} /> },
  { title: t('红灯天数'), key: 'red', width: 90, align: 'right', render: (_, r) => r.figures.redLightDays },
  { title: t('退回次数'), key: 'returned', width: 90, align: 'right', render: (_, r) => r.figures.returnedReports },
  { title: t('督办单按期答复'), key: 'notices', width: 130, render: (_, r) => <Fraction done={r.figures.noticesAnsweredOnTime} of={r.figures.noticesReceived} /> },
  { title: t('督办单已答复'), key: 'answered', width: 110, align: 'right', render: (_, r) => `${r.figures.noticesAnswered}/${r.figures.noticesReceived}` },
  { title: t('得分'), dataIndex: 'score', width: 80, align: 'right', render: (v: number) => <Typography.Text strong>{plainNumber(v)}</Typography.Text> },
  {
    title: t('计算式'),
    key: 'formula',
    render: (_, r) => (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="assessment-formula">
        {formulaText(r)}
      </Typography.Text>
    ),
  },
];

/** 考评: the lead units of the caller's scope ranked for a period, with the bureau's weights. */
export function AssessmentTab() {
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [hostOrgId, setHostOrgId] = useState<number | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const q = useAssessment(period, hostOrgId);
  if (q.isError) return <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  if (!a) return <Card loading data-testid="assessment" />;
  const code = a.period.code;

  return (
    <Flex vertical gap={16} data-testid="assessment">
      <Flex wrap gap={12} align="center">
        <span>{t('考评周期')}</span>
        <Select style={{ width: 180 }} value={code} options={periodOptions(a.today)} onChange={setPeriod} aria-label={t('考评周期')} data-testid="assessment-period" />
        {a.hosts.length > 1 && (
          <Select
            style={{ width: 240 }}
            value={a.weights?.hostOrg.id}
            options={a.hosts.map((h) => ({ value: h.id, label: h.name }))}
            onChange={setHostOrgId}
            aria-label={t('主办单位')}
          />
        )}
        <Typography.Text type="secondary">{t('{start} 至 {end}，截至 {today}', { start: a.period.start, end: a.period.end, today: a.today })}</Typography.Text>
        <Button icon={<DownloadOutlined />} href={assessmentExportUrl(code, hostOrgId)} download data-testid="assessment-export" disabled={!a.rows.length}>
          {t('导出 Excel')}
        </Button>
      </Flex>
      {a.weights && <WeightsCard assessment={a} onEdit={() => setEditing(true)} />}
      <Card size="small" title={t('{period}牵头单位考评排名', { period: periodName(code) })}>
        {a.rows.length ? (
          <Table<AssessmentRow> rowKey={(r) => r.unit.id} columns={columns} dataSource={a.rows} pagination={false} size="small" scroll={{ x: 1300 }} loading={q.isFetching} />
        ) : (
          <Empty description={t('范围内暂无牵头单位可考评')} />
        )}
      </Card>
      {editing && a.weights && <WeightsModal assessment={a} onClose={() => setEditing(false)} />}
    </Flex>
  );
}

function WeightsCard({ assessment: a, onEdit }: { assessment: Assessment; onEdit: () => void }) {
  const w = a.weights!;
  return (
    <Card
      size="small"
      title={t('考评权重（{host}设置）', { host: w.hostOrg.name })}
      extra={
        w.canEdit && (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="assessment-weights-edit">
            {t('修改权重')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('按时报送率')}>{t('满分 {n} 分', { n: plainNumber(w.weights.onTimeReports) })}</Descriptions.Item>
        <Descriptions.Item label={t('按期办结率')}>{t('满分 {n} 分', { n: plainNumber(w.weights.completedOnTime) })}</Descriptions.Item>
        <Descriptions.Item label={t('督办单按期答复率')}>{t('满分 {n} 分', { n: plainNumber(w.weights.answeredNotices) })}</Descriptions.Item>
        <Descriptions.Item label={t('红灯')}>{t('每天扣 {n} 分', { n: plainNumber(w.weights.redLightDay) })}</Descriptions.Item>
        <Descriptions.Item label={t('退回')}>{t('每次扣 {n} 分', { n: plainNumber(w.weights.returnedReport) })}</Descriptions.Item>
        <Descriptions.Item label={t('说明')}>{t('无应考核的项目按满分计；得分不低于 0')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function WeightsModal({ assessment: a, onClose }: { assessment: Assessment; onClose: () => void }) {
  const w = a.weights!;
  const [form] = Form.useForm<AssessmentWeights>();
  const save = useSetAssessmentWeights();
  const { message } = useFeedback();
  const submit = async () => {
    const weights = await form.validateFields();
    try {
      await save.mutateAsync({ hostOrgId: w.hostOrg.id, version: w.version, weights });
      void message.success(t('已保存'));
      onClose();
    } catch (err) {
      void message.error(isApiError(err) ? err.message : t('操作失败，请稍后重试'));
    }
  };
  const field = (name: keyof AssessmentWeights, label: string, step: number) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('请输入') }]}>
      <InputNumber min={0} max={WEIGHT_MAX} step={step} style={{ width: 160 }} />
    </Form.Item>
  );
  return (
    <Modal open title={t('修改考评权重')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} okText={t('保存')} cancelText={t('取消')} destroyOnHidden>
      <Form form={form} layout="horizontal" labelCol={{ span: 10 }} initialValues={w.weights} data-testid="assessment-weights-form">
        {field('onTimeReports', t('按时报送率满分'), 5)}
        {field('completedOnTime', t('按期办结率满分'), 5)}
        {field('answeredNotices', t('督办单按期答复率满分'), 5)}
        {field('redLightDay', t('红灯每天扣分'), 0.1)}
        {field('returnedReport', t('每次退回扣分'), 0.5)}
      </Form>
    </Modal>
  );
}
