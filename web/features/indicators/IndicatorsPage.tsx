import { useState } from 'react';
import { Button, Select, Space, Tabs } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { hasPermission, useSession } from '../auth/session';
import { CatalogueTab } from './CatalogueTab';
import { ComparisonTab } from './ComparisonTab';
import { IndicatorImportModal } from './IndicatorImportModal';
import { countyTableUrl, useCounties, yearOptions } from './indicators.api';
import { ReadinessTab } from './ReadinessTab';
import { ReviewTab } from './ReviewTab';
import { SheetForm } from './SheetForm';
import { t } from '../../app/i18n';

/** China's calendar year now: the statistical year being reported is normally the one before. */
export const currentYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

/** 指标: the county's yearly figures, their review, the 创新型县 assessment and the comparison of counties. */
export function IndicatorsPage() {
  const me = useSession();
  const { tab } = useParams();
  const navigate = useNavigate();
  const enter = hasPermission(me, 'indicator.enter');
  const review = hasPermission(me, 'indicator.review');
  const tabs = [
    ...(enter ? [{ key: 'entry', label: t('指标填报'), children: <EntryTab /> }] : []),
    ...(review ? [{ key: 'review', label: t('指标审核'), children: <ReviewTab /> }] : []),
    { key: 'readiness', label: t('创新型县评估'), children: <ReadinessTab /> },
    { key: 'comparison', label: t('县区对比'), children: <ComparisonTab /> },
    { key: 'catalogue', label: t('指标目录'), children: <CatalogueTab /> },
  ];
  const active = tabs.some((x) => x.key === tab) ? tab! : tabs[0].key;
  return (
    <Page title={t('创新指标')} subTitle={t('县（区）科技创新指标的年度填报、审核、评估与对比')}>
      <Tabs activeKey={active} onChange={(k) => void navigate(`/indicators/${k}`)} items={tabs} destroyOnHidden />
    </Page>
  );
}

function EntryTab() {
  const counties = useCounties();
  const [year, setYear] = useState(currentYear() - 1);
  const [importing, setImporting] = useState(false);
  if (counties.isError) return <QueryErrorResult error={counties.error} onRetry={() => void counties.refetch()} />;
  const own = counties.data?.[0];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select aria-label={t('统计年度')} style={{ width: 140 }} value={year} onChange={setYear} options={yearOptions(currentYear())} />
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="indicator-import">
          {t('导入工作簿')}
        </Button>
        {own && (
          <Button icon={<DownloadOutlined />} href={countyTableUrl(own.divisionCode)} download>
            {t('导出本县指标表')}
          </Button>
        )}
      </Space>
      {importing && (
        <IndicatorImportModal
          open
          onClose={() => setImporting(false)}
          // Show the latest year written: the one the coordinator now checks and submits.
          onImported={(years) => years.length && setYear(Math.max(...years))}
        />
      )}
      {own && <SheetForm division={own.divisionCode} year={year} />}
    </Space>
  );
}
