import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useFeedback } from '../../app/feedback';
import { periodLabel } from '../../app/labels';
import { t } from '../../app/i18n';
import { REPORT_LIMITS, type Report, type ReportSlot } from '../../../domain/reports.js';
import { MinutesEditor } from '../meetings/MinutesEditor';
import { discardStaged, ReportEvidenceField, stagedIds, type EvidenceFile } from './ReportEvidenceField';

export interface ReportFormValues {
  period: string;
  progressHtml: string;
  percent: number;
  problems: string;
  nextSteps: string;
  /** Files uploaded in the form; the server binds them to the report as it saves it. */
  evidenceIds: number[];
}

type Fields = Omit<ReportFormValues, 'evidenceIds'> & { evidence?: EvidenceFile[] };

interface Props {
  itemId: number;
  open: boolean;
  /** Revising a returned report, or writing a new one for one of the open periods. */
  revising: Report | null;
  periods: ReportSlot[];
  initialPeriod?: string;
  busy: boolean;
  onSubmit: (v: ReportFormValues) => void;
  onCancel: () => void;
}

/** The report as the lead unit writes it: period, progress (rich text), percent, problems, next steps, evidence. */
export function ReportForm({ itemId, open, revising, periods, initialPeriod, busy, onSubmit, onCancel }: Props) {
  const { message } = useFeedback();
  const [form] = Form.useForm<Fields>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      revising
        ? { period: revising.period, progressHtml: revising.progressHtml, percent: revising.percent, problems: revising.problems, nextSteps: revising.nextSteps, evidence: [] }
        : { period: initialPeriod ?? periods[0]?.period, progressHtml: '', percent: undefined, problems: '', nextSteps: '', evidence: [] },
    );
  }, [open, revising, initialPeriod, periods, form]);

  const submit = async () => {
    const { evidence, ...values } = await form.validateFields();
    const staged = stagedIds(evidence);
    if ('problem' in staged) return void message.warning(staged.problem);
    onSubmit({ ...values, evidenceIds: staged.ids });
  };
  const cancel = () => {
    // Files uploaded for a report that is not being sent are taken back, not left for the sweep.
    discardStaged(form.getFieldValue('evidence') as EvidenceFile[] | undefined);
    form.setFieldValue('evidence', []);
    onCancel();
  };
  const room = REPORT_LIMITS.evidenceMax - (revising?.evidence.length ?? 0);

  return (
    <Modal
      open={open}
      title={revising ? t('修改后重新报送：{period}（第{n}轮）', { period: periodLabel(revising.period), n: revising.round + 1 }) : t('报送进展报告')}
      okText={t('报送')}
      cancelText={t('取消')}
      okButtonProps={{ ...({ 'data-testid': 'report-submit' } as object) }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={cancel}
      width={720}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="report-form">
        <Form.Item name="period" label={t('报告周期')} rules={[{ required: true, message: t('请选择报告周期') }]}>
          <Select
            disabled={revising !== null}
            options={(revising ? [{ period: revising.period }] : periods).map((p) => ({ value: p.period, label: periodLabel(p.period) }))}
            data-testid="report-period"
          />
        </Form.Item>
        <Form.Item name="progressHtml" label={t('进展情况')} rules={[{ required: true, message: t('请填写进展情况') }]}>
          <MinutesEditor ariaLabel={t('进展情况')} testId="report-progress-editor" />
        </Form.Item>
        <Form.Item name="percent" label={t('完成百分比')} rules={[{ required: true, message: t('请填写完成百分比（0–100）') }]}>
          <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 160 }} data-testid="report-percent" />
        </Form.Item>
        <Form.Item name="problems" label={t('存在问题')}>
          <Input.TextArea rows={3} maxLength={REPORT_LIMITS.problemsMax} data-testid="report-problems" />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('下一步计划')}>
          <Input.TextArea rows={3} maxLength={REPORT_LIMITS.nextStepsMax} data-testid="report-next-steps" />
        </Form.Item>
        <Form.Item
          name="evidence"
          label={t('佐证材料')}
          extra={
            t('现场照片、文件等，最多 {n} 个；选择后即上传，报送时随报告一并保存', { n: room }) +
            (revising?.evidence.length ? t('（本报告已有 {n} 个）', { n: revising.evidence.length }) : '')
          }
        >
          <ReportEvidenceField itemId={itemId} room={room} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
