import { useEffect } from 'react';
import { Button, Card, Descriptions, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { formatDateCn, REPORT_CYCLE_LABEL } from '../../app/labels';
import { isEnglish, t } from '../../app/i18n';
import { REPORT_CYCLES, type ReportCycle } from '../../../domain/periods.js';
import type { LightThresholds } from '../../../domain/supervision.js';
import { isApiError } from '../../app/api-client';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useSupervisionSettings, useUpdateSupervisionSettings } from './supervision.api';

interface Values {
  reportCycle: ReportCycle;
  reportDueDays: number;
  thresholds: LightThresholds;
  reminderDays: number[];
}

const REMINDER_CHOICES = [1, 2, 3, 5, 7, 10, 15, 30];

/** 督办设置: how often the lead units report, when reports fall due, when lights turn, when reminders go out. */
export function SupervisionSettingsCard({ consultation }: { consultation: ConsultationDetail }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const settings = useSupervisionSettings(consultation.id);
  const save = useUpdateSupervisionSettings(consultation.id);
  const [form] = Form.useForm<Values>();
  const canEdit = consultation.can.configureSupervision && consultation.status !== 'closed';

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  if (settings.isError) return <QueryErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;

  const submit = async () => {
    if (!s) return;
    const v = await form.validateFields();
    save.mutate(
      { ...v, reminderDays: [...v.reminderDays].sort((a, b) => b - a), version: s.version },
      {
        onSuccess: () => void message.success(t('督办设置已保存，各事项亮灯已重新计算')),
        onError: (err) => {
          if (isApiError(err) && err.code === 'VERSION_CONFLICT') void settings.refetch();
          showError(err);
        },
      },
    );
  };

  return (
    <Card title={t('督办设置')} loading={settings.isPending} data-testid="supervision-settings">
      {s && !canEdit && (
        <Descriptions
          column={2}
          size="small"
          bordered
          items={[
            { key: 'adopted', label: t('清单议定日期'), children: s.adoptedOn ? formatDateCn(s.adoptedOn) : t('尚未议定') },
            { key: 'cycle', label: t('填报周期'), children: REPORT_CYCLE_LABEL[s.reportCycle] },
            {
              key: 'due',
              label: t('报送期限'),
              children: s.reportCycle === 'monthly' ? t('次月{n}日前', { n: s.reportDueDays }) : t('周期结束后{n}天内', { n: s.reportDueDays }),
            },
            { key: 'remind', label: t('提前提醒'), children: s.reminderDays.map((d) => t('{n}天', { n: d })).join(isEnglish ? ', ' : '、') || t('不提醒') },
            { key: 'red', label: t('红灯'), span: 2, children: t('超过完成时限未完成，或进展报告逾期超过{n}天', { n: s.thresholds.redReportLateDays }) },
            {
              key: 'yellow',
              label: t('黄灯'),
              span: 2,
              children: t('距完成时限{days}天内且进度落后时序{points}个百分点以上，或里程碑逾期，或进展报告逾期', {
                days: s.thresholds.yellowDeadlineDays,
                points: s.thresholds.yellowLagPoints,
              }),
            },
          ]}
        />
      )}
      {s && canEdit && (
        <Form form={form} layout="vertical" style={{ maxWidth: 640 }} onFinish={() => void submit()}>
          <Typography.Paragraph type="secondary">
            {t('清单议定日期：{date}。议定后的下一个周期起，牵头单位每个周期报送一次进展。', { date: s.adoptedOn ? formatDateCn(s.adoptedOn) : t('尚未议定') })}
          </Typography.Paragraph>
          <Space wrap size="large">
            <Form.Item name="reportCycle" label={t('填报周期')} rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={REPORT_CYCLES.map((c) => ({ value: c, label: REPORT_CYCLE_LABEL[c] }))} data-testid="settings-cycle" />
            </Form.Item>
            <Form.Item name="reportDueDays" label={t('报送期限（周期结束后天数）')} rules={[{ required: true }]}>
              <InputNumber min={0} max={60} precision={0} suffix={t('天')} style={{ width: 140 }} data-testid="settings-due-days" />
            </Form.Item>
          </Space>
          <Space wrap size="large">
            <Form.Item name={['thresholds', 'redReportLateDays']} label={t('报告逾期超过（亮红灯）')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} precision={0} suffix={t('天')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name={['thresholds', 'yellowDeadlineDays']} label={t('距完成时限（黄灯预警）')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} precision={0} suffix={t('天内')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name={['thresholds', 'yellowLagPoints']} label={t('进度落后时序')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={0} suffix={t('个百分点')} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="reminderDays" label={t('提前提醒（天）')}>
            <Select mode="multiple" maxCount={5} style={{ width: 320 }} options={REMINDER_CHOICES.map((d) => ({ value: d, label: t('提前{n}天', { n: d }) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
            {t('保存')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
