import { useState } from 'react';
import { Button, Card, Flex, Select, Space, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { FileWordOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Consultation } from '../../../domain/consultations.js';
import { DOCUMENT_KIND_LABEL } from '../../app/labels-domain';
import { currentReportingPeriod, nextPeriod, periodContaining, DEFAULT_REPORT_CYCLE, type Period } from '../../../domain/periods.js';
import { periodLabel } from '../../app/labels';
import { REPORT_CYCLE_LABEL } from '../../app/labels';
import { useShowApiError } from '../../app/use-api-error';
import { useSupervisionSettings } from '../supervision/supervision.api';
import { useDownloadDocument } from './documents.api';
import { t } from '../../app/i18n';

function useDownload() {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const download = useDownloadDocument();
  const run = async (path: string, fallbackName: string) => {
    try {
      const name = await download.mutateAsync({ path, fallbackName });
      void message.success(t('已生成 {name}', { name }));
    } catch (err) {
      showError(err);
    }
  };
  return { run, pending: download.isPending };
}

/** 会议纪要 (Word) for one meeting, with the adopted list attached. */
export function MinutesDownloadButton({ meetingId }: { meetingId: number }) {
  const { run, pending } = useDownload();
  return (
    <Button
      icon={<FileWordOutlined />}
      loading={pending}
      onClick={() => run(`/meetings/${meetingId}/minutes.docx`, `${DOCUMENT_KIND_LABEL.minutes}.docx`)}
      data-testid="download-minutes"
    >
      {t('导出会议纪要')}
    </Button>
  );
}

/** 督办单 (Word) for one notice; before signing it comes out marked as a draft without a number. */
export function NoticeDocumentButton({ noticeId, size }: { noticeId: number; size?: 'small' | 'middle' }) {
  const { run, pending } = useDownload();
  return (
    <Button
      size={size}
      icon={<FileWordOutlined />}
      loading={pending}
      onClick={() => run(`/supervision-notices/${noticeId}/document.docx`, `${DOCUMENT_KIND_LABEL.notice}.docx`)}
      data-testid="download-notice-document"
    >
      {t('导出督办单')}
    </Button>
  );
}

/** The periods of a cycle from the consultation's first year up to the one in progress, newest first. */
function periodsSince(cycle: Period['cycle'], firstYear: number, today: string): Period[] {
  const out: Period[] = [];
  for (let p = periodContaining(cycle, `${firstYear}-01-01`); p.start <= today; p = nextPeriod(p)) out.push(p);
  return out.reverse();
}

/** 进展通报 for a chosen period and 年度总结 for a chosen year, on the consultation's 文档 tab. */
export function ConsultationDocumentsCard({ consultation }: { consultation: Consultation }) {
  // The reporting cycle, so the bulletin's period picker offers the periods the consultation reports by.
  const settings = useSupervisionSettings(consultation.id);
  // The server's today where known: in demo mode and under a test clock it is not the browser's.
  const today = settings.data?.today ?? dayjs().format('YYYY-MM-DD');
  const thisYear = Number(today.slice(0, 4));
  const cycle = settings.data?.reportCycle ?? DEFAULT_REPORT_CYCLE;
  const periods = periodsSince(cycle, consultation.year, today);
  const fallbackPeriod = currentReportingPeriod(cycle, today).code;
  const [period, setPeriod] = useState<string | null>(null);
  const chosenPeriod = period && periods.some((p) => p.code === period) ? period : (periods.find((p) => p.code === fallbackPeriod) ?? periods[0])?.code;
  const years = Array.from({ length: Math.max(0, thisYear - consultation.year + 1) }, (_, i) => thisYear - i);
  const [year, setYear] = useState<number | null>(null);
  const chosenYear = year ?? years[0];
  const bulletin = useDownload();
  const summary = useDownload();

  return (
    <Card size="small" title={t('进展通报与年度总结（Word，GB/T 9704 格式）')} data-testid="consultation-documents">
      <Flex vertical gap={12}>
        <Space wrap>
          <Typography.Text>{t('进展通报')}</Typography.Text>
          <Select
            style={{ width: 180 }}
            value={chosenPeriod}
            onChange={setPeriod}
            options={periods.map((p) => ({ value: p.code, label: periodLabel(p.code) }))}
            notFoundContent={t('暂无填报周期')}
            data-testid="bulletin-period"
          />
          <Button
            icon={<FileWordOutlined />}
            disabled={!chosenPeriod}
            loading={bulletin.pending}
            onClick={() => chosenPeriod && bulletin.run(`/consultations/${consultation.id}/bulletin.docx?period=${chosenPeriod}`, `${DOCUMENT_KIND_LABEL.bulletin}.docx`)}
            data-testid="download-bulletin"
          >
            {t('导出进展通报')}
          </Button>
          <Typography.Text type="secondary">{t('{cycle}填报', { cycle: REPORT_CYCLE_LABEL[cycle] })}</Typography.Text>
        </Space>
        <Space wrap>
          <Typography.Text>{t('年度总结')}</Typography.Text>
          <Select
            style={{ width: 180 }}
            value={chosenYear}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: t('{y}年', { y }) }))}
            notFoundContent={t('暂无年度')}
            data-testid="summary-year"
          />
          <Button
            icon={<FileWordOutlined />}
            disabled={chosenYear === undefined}
            loading={summary.pending}
            onClick={() => chosenYear !== undefined && summary.run(`/consultations/${consultation.id}/summary.docx?year=${chosenYear}`, `${DOCUMENT_KIND_LABEL.summary}.docx`)}
            data-testid="download-summary"
          >
            {t('导出年度总结')}
          </Button>
        </Space>
      </Flex>
    </Card>
  );
}
