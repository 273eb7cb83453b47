import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ItemFilters } from '../items/items.api';
import { ledgerExportUrl } from './ledger.api';
import { LedgerImportModal } from './LedgerImportModal';
import { t } from '../../app/i18n';

/** 导入台账 / 导出台账 on the list toolbar; the export takes the filters the list shows. */
export function LedgerToolbar({ consultationId, filters, canImport }: { consultationId: number; filters: ItemFilters; canImport: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<DownloadOutlined />} href={ledgerExportUrl(consultationId, filters)} download data-testid="ledger-export">
        {t('导出台账')}
      </Button>
      {canImport && (
        <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="ledger-import">
          {t('导入台账')}
        </Button>
      )}
      {open && <LedgerImportModal consultationId={consultationId} open={open} onClose={() => setOpen(false)} />}
    </>
  );
}
