import { useRef } from 'react';
import { Button, Upload, type UploadFile } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CameraOutlined } from '@ant-design/icons';
import { ATTACHMENT_TYPES, type Attachment } from '../../../domain/attachments.js';
import { useShowApiError } from '../../app/use-api-error';
import { discardReportEvidence, stageReportEvidence } from './supervision.api';
import { isEnglish, t } from '../../app/i18n';

export type EvidenceFile = UploadFile<Attachment>;

// `image/*` first: a phone then offers its camera as well as the photo library.
const ACCEPT = ['image/*', ...Object.keys(ATTACHMENT_TYPES).map((ext) => `.${ext}`)].join(',');
const TYPES_TEXT = Object.keys(ATTACHMENT_TYPES).join(isEnglish ? ', ' : '、');

function allowedName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && Object.hasOwn(ATTACHMENT_TYPES, name.slice(dot + 1).toLowerCase());
}

/** Takes back files the server holds for a form that will not be saved; the sweep catches any it misses. */
export function discardStaged(files: readonly EvidenceFile[] | undefined): void {
  for (const f of files ?? []) if (f.response?.id) void discardReportEvidence(f.response.id).catch(() => {});
}

/** The ids to submit, or the reason the form cannot be submitted yet. */
export function stagedIds(files: readonly EvidenceFile[] | undefined): { ids: number[] } | { problem: string } {
  const list = files ?? [];
  if (list.some((f) => f.status === 'uploading')) return { problem: t('佐证材料还在上传，请稍候再报送') };
  if (list.some((f) => f.status === 'error' || !f.response)) return { problem: t('有佐证材料上传失败，请移除后再报送') };
  return { ids: list.map((f) => f.response!.id) };
}

interface Props {
  itemId: number;
  /** How many more files the report may take. */
  room: number;
  value?: EvidenceFile[];
  onChange?: (files: EvidenceFile[]) => void;
}

/**
 * 佐证材料 inside the report form: each picked file uploads at once (a phone sends the photo while the
 * writer types) and is listed with its thumbnail or name; removing one takes it back from the server.
 */
export function ReportEvidenceField({ itemId, room, value = [], onChange }: Props) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  // Files removed while still uploading: taken back as soon as their upload lands.
  const dropped = useRef(new Set<string>());

  return (
    <Upload<Attachment>
      multiple
      accept={ACCEPT}
      listType="picture"
      fileList={value}
      data-testid="report-evidence-input"
      beforeUpload={(file, batch) => {
        if (!allowedName(file.name)) {
          void message.error(t('{name}：只能上传以下类型的文件：{types}', { name: file.name, types: TYPES_TEXT }));
          return Upload.LIST_IGNORE;
        }
        // A whole batch is checked before the list grows, so `value` is the list it joins.
        const slot = value.length + batch.indexOf(file);
        if (slot >= room) {
          // One warning per batch, on its first file that does not fit.
          if (slot === Math.max(room, value.length)) void message.warning(t('本次最多添加 {n} 个佐证材料，多出的文件未添加', { n: room }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        const f = file as File & { uid: string };
        stageReportEvidence(itemId, f)
          .then((a) => {
            if (dropped.current.delete(f.uid)) return void discardReportEvidence(a.id).catch(() => {});
            onSuccess?.(a);
          })
          .catch((err: Error) => {
            if (dropped.current.delete(f.uid)) return;
            showError(err);
            onError?.(err);
          });
      }}
      onChange={({ fileList }) => onChange?.(fileList.map((f) => (f.response && !f.url ? { ...f, url: f.response.url } : f)))}
      onRemove={(f) => {
        if (f.response?.id) void discardReportEvidence(f.response.id).catch(() => {});
        else if (f.status === 'uploading') dropped.current.add(f.uid);
        return true;
      }}
      itemRender={(node, f) => (
        <div data-testid="report-evidence-file" data-status={f.status} data-filename={f.name}>
          {node}
        </div>
      )}
    >
      <Button icon={<CameraOutlined />} disabled={value.length >= room} data-testid="report-evidence-pick">
        {t('拍照或选择文件')}
      </Button>
    </Upload>
  );
}
