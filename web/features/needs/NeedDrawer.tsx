import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, Flex, Input, List, Modal, Select, Space, Typography, Upload } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PaperClipOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { ATTACHMENT_TYPES } from '../../../domain/attachments.js';
import { listIsOpen, type ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import { CATEGORY_LABEL, TRIAGE_DECISION_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { canBeMergeTarget, canConvert, canTriage as triageable, NEED_REASON_MAX, zNeedTriage, type Need, type NeedTriage } from '../../../domain/needs.js';
import { useShowApiError } from '../../app/use-api-error';
import { useSession } from '../auth/session';
import { useConvertNeed, useNeed, useTriageNeed, useUploadNeedAttachment } from './needs.api';
import { NeedStatusTag, NeedUrgencyTag } from './NeedTags';
import { chinaDate } from '../../../domain/dates.js';

const ACCEPT = Object.keys(ATTACHMENT_TYPES)
  .map((ext) => `.${ext}`)
  .join(',');

interface Props {
  consultation: ConsultationDetail;
  needId: number | null;
  placeholder?: Need;
  /** The consultation's needs, for choosing where to merge. */
  candidates: Need[];
  canTriage: boolean;
  domainLabel: (value: string) => string;
  onClose: () => void;
}

type Dialog = { kind: 'decline' } | { kind: 'merge' } | null;

export function NeedDrawer({ consultation, needId, placeholder, candidates, canTriage, domainLabel, onClose }: Props) {
  const me = useSession();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const query = useNeed(needId, placeholder);
  const triage = useTriageNeed();
  const convert = useConvertNeed();
  const upload = useUploadNeedAttachment();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [mergeInto, setMergeInto] = useState<number | undefined>();
  const [category, setCategory] = useState<Category | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const need = query.data;

  const decide = async (body: NeedTriage) => {
    if (!need) return;
    const parsed = zNeedTriage.safeParse({ ...body, version: need.version });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? t('请检查填写的内容'));
    try {
      await triage.mutateAsync({ id: need.id, body: parsed.data });
      void message.success(t('需求已处理'));
      setDialog(null);
      setProblem(null);
    } catch (err) {
      showError(err);
    }
  };

  const doConvert = async () => {
    if (!need) return;
    try {
      const done = await convert.mutateAsync({ id: need.id, body: { version: need.version, ...(category ? { category } : {}) } });
      void message.success(t('已转为清单事项：{title}', { title: done.item?.title ?? '' }));
    } catch (err) {
      showError(err);
    }
  };

  const isSubmitter = need?.submitter.id === me.id;
  const mergeOptions = candidates.filter((n) => need && n.id !== need.id && canBeMergeTarget(n.status)).map((n) => ({ value: n.id, label: n.title }));
  const convertible = need && canTriage && canConvert(need.status) && need.item === null && listIsOpen(consultation.status);

  return (
    <Drawer open={needId !== null} onClose={onClose} size="large" title={need?.title ?? t('需求')} destroyOnHidden data-testid="need-drawer">
      {need && (
        <Flex vertical gap={16}>
          <Space wrap>
            <NeedStatusTag status={need.status} />
            <NeedUrgencyTag urgency={need.urgency} />
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('需求描述')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{need.description || '—'}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('领域')}>{domainLabel(need.domain)}</Descriptions.Item>
            <Descriptions.Item label={t('建议类别')}>{need.suggestedCategory ? CATEGORY_LABEL[need.suggestedCategory] : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('提交人')}>
              {t('{name}（{org}）', { name: need.submitter.displayName, org: need.submitter.orgName })} · {chinaDate(need.createdAt)}
            </Descriptions.Item>
            {need.triagedBy && (
              <Descriptions.Item label={t('处理人')}>
                {need.triagedBy.displayName} · {chinaDate(need.triagedAt)}
              </Descriptions.Item>
            )}
            {need.triageReason && <Descriptions.Item label={t('处理意见')}>{need.triageReason}</Descriptions.Item>}
            {need.mergedInto && <Descriptions.Item label={t('合并到')}>{need.mergedInto.title}</Descriptions.Item>}
            {need.item && (
              <Descriptions.Item label={t('清单事项')}>
                <Link to={`/consultations/${consultation.id}/items`} data-testid="need-linked-item">
                  {need.item.title}
                </Link>
              </Descriptions.Item>
            )}
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('附件')}</Typography.Title>
            {need.attachments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无附件')} />
            ) : (
              <List
                size="small"
                dataSource={need.attachments}
                renderItem={(a) => (
                  <List.Item>
                    <a href={a.url} target="_blank" rel="noreferrer" data-testid="need-attachment">
                      <PaperClipOutlined /> {a.filename}
                    </a>
                  </List.Item>
                )}
              />
            )}
            {isSubmitter && (
              <Upload
                accept={ACCEPT}
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate({ need, file }, { onSuccess: () => void message.success(t('附件已上传')), onError: (err) => showError(err) });
                  return false;
                }}
              >
                <Button icon={<PaperClipOutlined />} loading={upload.isPending} style={{ marginTop: 8 }} data-testid="need-upload">
                  {t('上传附件')}
                </Button>
              </Upload>
            )}
          </div>

          {canTriage && (triageable(need.status) || convertible) && (
            <div>
              <Typography.Title level={5}>{t('处理')}</Typography.Title>
              <Flex gap={8} wrap align="center">
                {triageable(need.status) && (
                  <>
                    <Button onClick={() => void decide({ decision: 'accept' })} loading={triage.isPending} data-testid="accept-need">
                      {TRIAGE_DECISION_LABEL.accept}
                    </Button>
                    <Button onClick={() => setDialog({ kind: 'merge' })} disabled={mergeOptions.length === 0} data-testid="merge-need">
                      {TRIAGE_DECISION_LABEL.merge}
                    </Button>
                    <Button danger onClick={() => setDialog({ kind: 'decline' })} data-testid="decline-need">
                      {TRIAGE_DECISION_LABEL.decline}
                    </Button>
                  </>
                )}
                {convertible && (
                  <>
                    <Select
                      style={{ width: 180 }}
                      value={category ?? need.suggestedCategory ?? undefined}
                      onChange={(v: Category) => setCategory(v)}
                      placeholder={t('事项类别')}
                      options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
                      data-testid="convert-category"
                    />
                    <Button type="primary" onClick={() => void doConvert()} loading={convert.isPending} data-testid="convert-need">
                      {t('转为清单事项')}
                    </Button>
                  </>
                )}
              </Flex>
            </div>
          )}
        </Flex>
      )}
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'merge' ? t('合并到另一条需求') : TRIAGE_DECISION_LABEL.decline}
        okText={t('确定')}
        cancelText={t('取消')}
        onCancel={() => {
          setDialog(null);
          setProblem(null);
        }}
        onOk={() => void decide(dialog?.kind === 'merge' ? { decision: 'merge', mergeIntoId: mergeInto, ...(reason.trim() ? { reason } : {}) } : { decision: 'decline', reason })}
        confirmLoading={triage.isPending}
        destroyOnHidden
      >
        {dialog?.kind === 'merge' && (
          <Select
            style={{ width: '100%', marginBottom: 12 }}
            options={mergeOptions}
            value={mergeInto}
            onChange={setMergeInto}
            placeholder={t('选择合并到的需求')}
            data-testid="merge-target"
          />
        )}
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={NEED_REASON_MAX}
          showCount
          placeholder={dialog?.kind === 'decline' ? t('请说明不予采纳的理由（必填）') : t('说明（选填）')}
          status={problem ? 'error' : undefined}
          data-testid="triage-reason"
        />
        {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      </Modal>
    </Drawer>
  );
}
