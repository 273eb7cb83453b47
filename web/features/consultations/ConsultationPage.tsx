import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Flex, Tabs, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { listWasAdopted } from '../../../domain/consultations.js';
import { SIDE_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { isApiError } from '../../app/api-client';
import { FullPageSpin } from '../../components/FullPageSpin';
import { NotFound } from '../../components/NotFound';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { ItemLedger } from '../items/ItemLedger';
import { NeedsTab } from '../needs/NeedsTab';
import { VersionsTab } from '../negotiation/VersionsTab';
import { MeetingsTab } from '../meetings/MeetingsTab';
import { ChangeRequestsTab } from '../change-requests/ChangeRequestsTab';
import { ConsultationDocumentsTab } from '../documents/ConsultationDocumentsTab';
import { ConsultationProjectsTab } from '../projects/ConsultationProjectsTab';
import { ProgrammesTab } from '../projects/ProgrammesTab';
import { SupervisionSettingsCard } from '../supervision/SupervisionSettingsCard';
import { ConsultationProgressTab } from '../supervision-board/ConsultationProgressTab';
import { SupervisionBoard } from '../supervision-board/SupervisionBoard';
import { useConsultation } from './consultations.api';
import { partiesText } from './consultation-format';
import { ConsultationFormModal } from './ConsultationFormModal';
import { ConsultationOverview } from './ConsultationOverview';
import { ConsultationStatusActions } from './ConsultationStatusActions';
import { ConsultationStatusTag } from './ConsultationStatusTag';

const TABS = ['overview', 'needs', 'items', 'versions', 'meetings', 'changes', 'progress', 'projects', 'programmes', 'documents', 'supervision', 'board'] as const;
type Tab = (typeof TABS)[number];

export function ConsultationPage() {
  const params = useParams();
  const navigate = useNavigate();
  const id = Number(params.id);
  const tab = (params.tab ?? 'overview') as Tab;
  const consultation = useConsultation(id);
  const [editing, setEditing] = useState(false);

  if (!Number.isInteger(id) || id <= 0 || !TABS.includes(tab)) return <NotFound />;
  if (consultation.isPending) return <FullPageSpin />;
  if (consultation.isError) {
    if (isApiError(consultation.error) && (consultation.error.status === 404 || consultation.error.status === 403)) return <NotFound what={t('会商')} />;
    return <QueryErrorResult error={consultation.error} onRetry={() => void consultation.refetch()} />;
  }
  const c = consultation.data;
  const isHost = c.can.update;
  const adopted = listWasAdopted(c.status);

  return (
    <Page
      title={
        <Flex align="center" gap={8} wrap>
          <span data-testid="consultation-title">{c.title}</span>
          <ConsultationStatusTag status={c.status} />
        </Flex>
      }
      subTitle={
        <Flex vertical gap={2}>
          <span>
            {t('{year}年', { year: c.year })} · {t('发起方：{org}', { org: c.hostOrg.name })} · {t('会商方：{orgs}', { orgs: partiesText(c) })}
            {c.mySide && <Typography.Text type="secondary"> · {t('本单位：{side}', { side: SIDE_LABEL[c.mySide] })}</Typography.Text>}
          </span>
          {c.theme && <span>{t('主题：{theme}', { theme: c.theme })}</span>}
        </Flex>
      }
      extra={
        isHost && (
          <>
            {c.status !== 'closed' && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('修改')}
              </Button>
            )}
            <ConsultationStatusActions consultation={c} />
          </>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(key === 'overview' ? `/consultations/${id}` : `/consultations/${id}/${key}`)}
        items={[
          { key: 'overview', label: t('概况'), children: <ConsultationOverview consultation={c} /> },
          { key: 'needs', label: t('需求'), children: <NeedsTab consultation={c} /> },
          { key: 'items', label: t('清单'), children: <ItemLedger consultation={c} /> },
          { key: 'versions', label: t('版本对比'), children: <VersionsTab consultation={c} /> },
          { key: 'meetings', label: t('会商会议'), children: <MeetingsTab consultation={c} /> },
          { key: 'changes', label: t('调整申请'), children: <ChangeRequestsTab consultation={c} /> },
          // Progress, reports and the official documents exist only once the list is adopted.
          ...(adopted ? [{ key: 'progress', label: t('进展'), children: <ConsultationProgressTab consultation={c} /> }] : []),
          { key: 'projects', label: t('项目'), children: <ConsultationProjectsTab consultation={c} /> },
          { key: 'programmes', label: t('行动'), children: <ProgrammesTab consultation={c} /> },
          ...(adopted ? [{ key: 'documents', label: t('文档'), children: <ConsultationDocumentsTab consultation={c} /> }] : []),
          ...(adopted ? [{ key: 'board', label: t('督办看板'), children: <SupervisionBoard consultationId={c.id} /> }] : []),
          ...(adopted ? [{ key: 'supervision', label: t('督办设置'), children: <SupervisionSettingsCard consultation={c} /> }] : []),
        ]}
        destroyOnHidden
      />
      {isHost && <ConsultationFormModal open={editing} onClose={() => setEditing(false)} editing={c} />}
    </Page>
  );
}
