import { useMemo, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Progress, Space, Tag, Timeline, Typography, Upload } from 'antd';
import { useFeedback } from '../../app/feedback';
import { EditOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import type { Item } from '../../../domain/items.js';
import { formatDateCn, periodLabel, REPORT_SLOT_STATE_LABEL, REPORT_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { REPORT_LIMITS, type Report, type ReportSlot } from '../../../domain/reports.js';
import { owedPeriod } from './owed-period';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { ReportForm, type ReportFormValues } from './ReportForm';
import { useAddContribution, useItemReports, useReviewReport, useReviseReport, useSubmitReport, useUploadEvidence, type ItemReports as Reports } from './supervision.api';
import { chinaDateTime } from '../../../domain/dates.js';

const SLOT_COLOR: Record<ReportSlot['state'], string> = {
  upcoming: 'default',
  due: 'processing',
  submitted: 'blue',
  accepted: 'success',
  returned: 'orange',
  late: 'gold',
  missing: 'error',
};
const STATUS_COLOR: Record<Report['status'], string> = { submitted: 'blue', returned: 'orange', accepted: 'success' };
const OPEN_STATES = new Set(['upcoming', 'due', 'missing']);

/** 进展报告 in the item drawer: the periods owed and their state, the reports with every round, and the actions. */
export function ItemReports({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const q = useItemReports(item.id);
  const submit = useSubmitReport(item.id, consultation.id);
  const revise = useReviseReport(item.id, consultation.id);
  const [form, setForm] = useState<{ revising: Report | null; period?: string } | null>(null);

  const openSlots = useMemo(() => (q.data?.slots ?? []).filter((s) => OPEN_STATES.has(s.state) && s.reportId === null), [q.data]);

  const onSubmit = (v: ReportFormValues) => {
    const done = {
      onSuccess: () => {
        setForm(null);
        void message.success(t('进展报告已报送，等待市局审核'));
      },
      onError: (err: unknown) => showError(err),
    };
    const body = { progressHtml: v.progressHtml, percent: v.percent, problems: v.problems ?? '', nextSteps: v.nextSteps ?? '', evidenceIds: v.evidenceIds };
    if (form?.revising) revise.mutate({ id: form.revising.id, body: { ...body, version: form.revising.version } }, done);
    else submit.mutate({ ...body, period: v.period }, done);
  };

  if (q.isError) return <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const data = q.data;

  return (
    <section style={{ marginTop: 24 }} data-testid="item-reports">
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('进展报告')}
        </Typography.Title>
        {data?.can.write && openSlots.length > 0 && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setForm({ revising: null })} data-testid="report-new">
            {t('报送进展')}
          </Button>
        )}
      </Flex>
      <Flex gap={8} wrap style={{ margin: '8px 0' }}>
        {(data?.slots ?? []).map((s) => (
          <Tag
            key={s.period}
            color={SLOT_COLOR[s.state]}
            data-testid="report-slot"
            data-period={s.period}
            data-state={s.state}
            style={{ cursor: data?.can.write && OPEN_STATES.has(s.state) && !s.reportId ? 'pointer' : undefined }}
            onClick={() => data?.can.write && OPEN_STATES.has(s.state) && !s.reportId && setForm({ revising: null, period: s.period })}
          >
            {periodLabel(s.period)} · {REPORT_SLOT_STATE_LABEL[s.state]}
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
              {t('（{date}前）', { date: formatDateCn(s.dueOn) })}
            </Typography.Text>
          </Tag>
        ))}
        {data && data.slots.length === 0 && <Typography.Text type="secondary">{t('清单议定后，按填报周期报送进展。')}</Typography.Text>}
      </Flex>
      {q.isPending ? null : data && data.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无进展报告')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {data?.data.map((r) => (
            <ReportCard key={r.id} report={r} can={data.can} consultationId={consultation.id} itemId={item.id} onRevise={() => setForm({ revising: r })} />
          ))}
        </Space>
      )}
      <ReportForm
        itemId={item.id}
        open={form !== null}
        revising={form?.revising ?? null}
        periods={openSlots}
        initialPeriod={form?.period ?? owedPeriod(openSlots)}
        busy={submit.isPending || revise.isPending}
        onSubmit={onSubmit}
        onCancel={() => setForm(null)}
      />
    </section>
  );
}

function ReportCard({ report: r, can, consultationId, itemId, onRevise }: { report: Report; can: Reports['can']; consultationId: number; itemId: number; onRevise: () => void }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const review = useReviewReport(itemId, consultationId);
  const contribute = useAddContribution(itemId, consultationId);
  const upload = useUploadEvidence(itemId, consultationId);
  const [note, setNote] = useState('');
  const [part, setPart] = useState('');
  const open = r.status !== 'accepted';

  const decide = (accept: boolean) => {
    if (!accept && !note.trim()) return void message.warning(t('退回须填写理由'));
    review.mutate(
      { id: r.id, body: { accept, note: note.trim(), version: r.version } },
      {
        onSuccess: () => {
          setNote('');
          void message.success(accept ? t('已审核通过，事项进度随之更新') : t('已退回，报送单位修改后可重新报送'));
        },
        onError: (err) => showError(err),
      },
    );
  };

  return (
    <Card
      size="small"
      data-testid="report-card"
      data-report-id={r.id}
      data-status={r.status}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{periodLabel(r.period)}</span>
          <Tag color={STATUS_COLOR[r.status]}>{REPORT_STATUS_LABEL[r.status]}</Tag>
          {r.round > 1 && <Tag>{t('第{n}轮', { n: r.round })}</Tag>}
        </Flex>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.authorOrg.name} · {r.author.name} · {chinaDateTime(r.submittedAt)}
        </Typography.Text>
      }
    >
      <Progress percent={r.percent} size="small" style={{ maxWidth: 320 }} />
      <div className="meeting-minutes" data-testid="report-progress" dangerouslySetInnerHTML={{ __html: r.progressHtml }} />
      {r.problems && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
          <Typography.Text strong>{t('存在问题：')}</Typography.Text>
          {r.problems}
        </Typography.Paragraph>
      )}
      {r.nextSteps && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
          <Typography.Text strong>{t('下一步计划：')}</Typography.Text>
          {r.nextSteps}
        </Typography.Paragraph>
      )}
      {r.evidence.length > 0 && (
        <Flex gap={8} wrap style={{ marginBottom: 4 }}>
          <Typography.Text strong>{t('佐证材料：')}</Typography.Text>
          {r.evidence.map((a) => (
            <a key={a.id} href={a.url} target="_blank" rel="noreferrer" data-testid="report-evidence">
              <PaperClipOutlined /> {a.filename}
            </a>
          ))}
        </Flex>
      )}
      {r.contributions.map((c) => (
        <Typography.Paragraph key={c.id} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} data-testid="report-contribution">
          <Typography.Text strong>{t('{org}（配合）：', { org: c.orgName })}</Typography.Text>
          {c.text}
        </Typography.Paragraph>
      ))}

      <Timeline
        style={{ marginTop: 12 }}
        items={r.rounds.map((x) => ({
          color: x.decision === 'accepted' ? 'green' : x.decision === 'returned' ? 'orange' : 'blue',
          content: (
            <div data-testid="report-round">
              {t('第{round}轮：{who} 于 {time} 报送，进度 {percent}%', { round: x.round, who: x.submittedBy, time: chinaDateTime(x.submittedAt), percent: x.percent })}
              {x.decision && (
                <div>
                  {x.decision === 'accepted' ? t('{who} 审核通过', { who: x.decidedBy }) : t('{who} 退回', { who: x.decidedBy })}
                  {x.decidedAt && t('（{time}）', { time: chinaDateTime(x.decidedAt) })}
                  {x.decisionNote && t('：{note}', { note: x.decisionNote })}
                </div>
              )}
            </div>
          ),
        }))}
      />

      {can.review && r.status === 'submitted' && (
        <Flex vertical gap={8}>
          <Input.TextArea
            rows={2}
            placeholder={t('审核意见（退回时必填）')}
            maxLength={REPORT_LIMITS.reviewNoteMax}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="review-note"
          />
          <Space>
            <Button type="primary" loading={review.isPending} onClick={() => decide(true)} data-testid="review-accept">
              {t('审核通过')}
            </Button>
            <Button danger loading={review.isPending} onClick={() => decide(false)} data-testid="review-return">
              {t('退回修改')}
            </Button>
          </Space>
        </Flex>
      )}
      {can.write && r.status === 'returned' && (
        <Button icon={<EditOutlined />} onClick={onRevise} data-testid="report-revise">
          {t('修改后重新报送')}
        </Button>
      )}
      {can.contribute && open && (
        <Flex gap={8} style={{ marginTop: 8 }}>
          <Input.TextArea
            rows={2}
            placeholder={t('本单位配合推进情况')}
            maxLength={REPORT_LIMITS.contributionMax}
            value={part}
            onChange={(e) => setPart(e.target.value)}
            data-testid="contribution-text"
          />
          <Button
            loading={contribute.isPending}
            onClick={() => {
              if (!part.trim()) return void message.warning(t('请填写配合推进情况'));
              contribute.mutate(
                { id: r.id, text: part.trim() },
                {
                  onSuccess: () => {
                    setPart('');
                    void message.success(t('已补充本单位进展'));
                  },
                  onError: (err) => showError(err),
                },
              );
            }}
            data-testid="contribution-submit"
          >
            {t('补充')}
          </Button>
        </Flex>
      )}
      {(can.write || can.contribute) && open && (
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate({ id: r.id, file }, { onSuccess: () => void message.success(t('佐证材料已上传')), onError: (err) => showError(err) });
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} style={{ marginTop: 8 }} data-testid="report-evidence-upload">
            {t('上传佐证材料')}
          </Button>
        </Upload>
      )}
    </Card>
  );
}
