import { useState } from 'react';
import { Button, Card, Flex, Modal, Select, Tag } from 'antd';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { PUBLIC_KEYWORDS_MAX } from '../../../domain/publication.js';
import { useFeedback } from '../../app/feedback';
import { t } from '../../app/i18n';
import { formatDateCn } from '../../app/labels';
import { useShowApiError } from '../../app/use-api-error';
import { usePublication, useUpdatePublication } from './public.api';

/** Said plainly before anything goes out: what a reader without an account will see, and what never. */
function WhatIsPublished() {
  return (
    <div className="hs-publish-scope" style={{ lineHeight: 1.8 }}>
      <div>
        <strong>{t('将公开：')}</strong>
        {t(
          '会商名称、年度、主题和双方单位；议定清单中每个事项的名称、内容、类别、领域、牵头单位、完成时限、状态和进度；各类别的完成率；已办结事项的办结情况；审核通过的进展（仅进度百分比）。',
        )}
      </div>
      <div>
        <strong>{t('不公开：')}</strong>
        {t('责任人、联系方式和账号等个人信息；协商过程、意见和评论；进展报告正文、存在问题和审核意见；附件和佐证材料；资金。')}
      </div>
    </div>
  );
}

/** 公开: the host coordinator's switch for the public transparency page, on the consultation's overview. */
export function PublicationCard({ consultation }: { consultation: ConsultationDetail }) {
  const q = usePublication(consultation.id);
  const update = useUpdatePublication(consultation.id);
  const { message } = useFeedback();
  const [modal, modalHolder] = Modal.useModal();
  const showError = useShowApiError();
  // The keywords being edited; null while they are the saved ones.
  const [draft, setKeywords] = useState<string[] | null>(null);
  const saved = q.data;

  if (!saved) return null;
  const keywords = draft ?? saved.keywords;
  // Readers in scope learn whether it is public; only the host coordinator sees the switch and its terms.
  if (!saved.canPublish && !saved.published) return null;

  const send = async (published: boolean) => {
    try {
      await update.mutateAsync({ published, keywords, version: saved.version });
      setKeywords(null);
      void message.success(published ? t('已公开') : t('已取消公开'));
    } catch (err) {
      showError(err);
    }
  };

  const confirmPublish = () =>
    modal.confirm({
      title: t('公开此会商？'),
      content: <WhatIsPublished />,
      okText: t('确认公开'),
      cancelText: t('取消'),
      width: 560,
      onOk: () => send(true),
    });

  const changed = keywords.join('\n') !== saved.keywords.join('\n');

  return (
    <Card
      size="small"
      title={t('公开信息')}
      style={{ marginBottom: 16 }}
      data-testid="publication-card"
      extra={
        saved.published ? (
          <a href={`/public/consultations/${consultation.id}`} target="_blank" rel="noreferrer">
            {t('查看公开页面')}
          </a>
        ) : null
      }
    >
      {modalHolder}
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        {saved.published ? <Tag color="success">{t('已公开（{date}）', { date: formatDateCn(saved.publishedAt!.slice(0, 10)) })}</Tag> : <Tag>{t('未公开')}</Tag>}
        <span style={{ color: 'rgba(0,0,0,0.55)' }}>{t('公开后，无需登录即可在“公开信息”页面查看本会商的{n}个议定事项。', { n: saved.itemCount })}</span>
      </Flex>
      {saved.canPublish && (
        <>
          <WhatIsPublished />
          {saved.refusal ? (
            <div style={{ marginTop: 8, color: '#d46b08' }}>{t('清单议定后才能公开')}</div>
          ) : (
            <Flex gap={8} wrap style={{ marginTop: 12 }}>
              <Select
                mode="tags"
                value={keywords}
                onChange={(v: string[]) =>
                  setKeywords(
                    v
                      .map((k) => k.trim())
                      .filter(Boolean)
                      .slice(0, PUBLIC_KEYWORDS_MAX),
                  )
                }
                placeholder={t('关键词（可选，回车添加）')}
                aria-label={t('关键词')}
                style={{ minWidth: 240, flex: '1 1 240px' }}
                open={false}
                tokenSeparators={[',', '，', ' ']}
                suffixIcon={null}
              />
              {saved.published ? (
                <>
                  <Button disabled={!changed} loading={update.isPending} onClick={() => void send(true)}>
                    {t('保存关键词')}
                  </Button>
                  <Button danger loading={update.isPending} onClick={() => void send(false)}>
                    {t('取消公开')}
                  </Button>
                </>
              ) : (
                <Button type="primary" loading={update.isPending} onClick={confirmPublish}>
                  {t('公开此会商')}
                </Button>
              )}
            </Flex>
          )}
        </>
      )}
    </Card>
  );
}
