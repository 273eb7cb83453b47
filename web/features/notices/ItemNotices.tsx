import { useState, type ReactNode } from 'react';
import { Button, Card, Descriptions, Empty, Flex, Input, Modal, Space, Tag, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CheckOutlined, EditOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { isLiveConsultation, type ConsultationDetail } from '../../../domain/consultations.js';
import type { Item } from '../../../domain/items.js';
import { formatDateCn, NOTICE_STATUS_LABEL } from '../../app/labels';
import { NOTICE_LIMITS, type Notice, type NoticeStatus } from '../../../domain/notices.js';
import { useShowApiError } from '../../app/use-api-error';
import { NoticeFormModal } from './NoticeFormModal';
import { useItemNotices, useRespondNotice, useSignNotice } from './notices.api';
import { chinaDate } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const STATUS_COLOR: Record<NoticeStatus, string> = { awaiting_signature: 'gold', sent_back: 'orange', signed: 'blue', answered: 'green' };

interface Props {
  consultation: ConsultationDetail;
  item: Item;
  /** Where the integrator mounts the Word download of a signed notice. */
  documentSlot?: (noticeId: number) => ReactNode;
}

/** 督办单 in the item drawer: the host drafts for a red item, its leader signs or sends back, the lead unit answers. */
export function ItemNotices({ consultation, item, documentSlot }: Props) {
  const notices = useItemNotices(item.id);
  const [form, setForm] = useState<{ editing: Notice | null } | null>(null);
  const live = isLiveConsultation(consultation.status);
  // Who drafts, signs and answers is the server's policy; the web adds only the consultation's and the light's state.
  const can = notices.data?.can;
  const isDrafter = can?.draftNotice === true;
  const canDraft = live && isDrafter && item.light === 'red';
  const list = notices.data?.data ?? [];
  if (!live && !list.length) return null;

  return (
    <section data-testid="item-notices" style={{ marginTop: 24 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('督办单')}
        </Typography.Title>
        {canDraft && (
          <Button danger icon={<SendOutlined />} onClick={() => setForm({ editing: null })} data-testid="notice-draft">
            {t('起草督办单')}
          </Button>
        )}
      </Flex>
      {isDrafter && live && item.light !== 'red' && !list.length && <Typography.Text type="secondary">{t('事项亮红灯时可起草督办单。')}</Typography.Text>}
      {list.length === 0 && !isDrafter ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无督办单')} />
      ) : (
        <Flex vertical gap={12}>
          {list.map((n) => (
            <NoticeCard
              key={n.id}
              notice={n}
              itemId={item.id}
              canSign={live && can?.signNotice === true}
              canEdit={live && isDrafter}
              canRespond={live && can?.respondNotice === true}
              onEdit={() => setForm({ editing: n })}
              documentSlot={documentSlot}
            />
          ))}
        </Flex>
      )}
      <NoticeFormModal itemId={item.id} editing={form?.editing ?? null} open={form !== null} onClose={() => setForm(null)} />
    </section>
  );
}

interface CardProps {
  notice: Notice;
  itemId: number;
  canSign: boolean;
  canEdit: boolean;
  canRespond: boolean;
  onEdit: () => void;
  documentSlot?: (noticeId: number) => ReactNode;
}

function NoticeCard({ notice: n, itemId, canSign, canEdit, canRespond, onEdit, documentSlot }: CardProps) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const sign = useSignNotice(itemId);
  const respond = useRespondNotice(itemId);
  // The leader's decision, confirmed in a dialog: signing with an optional 签发意见, sending back with a reason.
  const [deciding, setDeciding] = useState<'sign' | 'back' | null>(null);
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState('');

  const doSign = async (approve: boolean) => {
    try {
      const signed = await sign.mutateAsync({ id: n.id, body: { approve, note: note.trim() } });
      void message.success(approve ? t('已签发：{number}', { number: signed.number }) : t('已退回起草人修改'));
      setDeciding(null);
      setNote('');
    } catch (err) {
      showError(err);
    }
  };
  const doRespond = async () => {
    try {
      await respond.mutateAsync({ id: n.id, text: answer.trim() });
      void message.success(t('反馈已提交'));
      setAnswer('');
    } catch (err) {
      showError(err);
    }
  };

  const items = [
    { key: 'reason', label: t('督办事由'), span: 2, children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.reason}</Typography.Paragraph> },
    { key: 'req', label: t('督办要求'), span: 2, children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.requirements}</Typography.Paragraph> },
    { key: 'lead', label: t('牵头单位'), children: n.leadUnit?.name ?? '—' },
    { key: 'due', label: t('反馈期限'), children: formatDateCn(n.responseDue) },
    { key: 'drafted', label: t('起草'), children: `${n.draftedBy.displayName} · ${chinaDate(n.createdAt)}` },
    { key: 'signed', label: t('签发'), children: n.signedBy ? `${n.signedBy.displayName} · ${chinaDate(n.signedAt)}` : '—' },
    ...(n.signatureNote ? [{ key: 'note', label: n.status === 'sent_back' ? t('退回意见') : t('签发意见'), span: 2, children: n.signatureNote }] : []),
    ...(n.responseText
      ? [
          {
            key: 'resp',
            label: t('牵头单位反馈'),
            span: 2,
            children: (
              <span>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.responseText}</Typography.Paragraph>
                <Typography.Text type="secondary">
                  {n.respondedBy?.displayName} · {chinaDate(n.respondedAt)}
                </Typography.Text>
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      data-testid={`notice-${n.id}`}
      title={
        <Space wrap>
          <span data-testid="notice-number">{n.number ?? t('（签发后编号）')}</span>
          <Tag color={STATUS_COLOR[n.status]}>{NOTICE_STATUS_LABEL[n.status]}</Tag>
          {n.overdue && <Tag color="red">{t('逾期未反馈')}</Tag>}
          {n.answeredLate && <Tag color="volcano">{t('逾期反馈')}</Tag>}
        </Space>
      }
      extra={n.number && documentSlot ? documentSlot(n.id) : null}
    >
      <Descriptions column={2} size="small" items={items} styles={{ label: { width: 96 } }} />
      {canSign && n.status === 'awaiting_signature' && (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Space>
            <Button type="primary" icon={<CheckOutlined />} loading={sign.isPending} onClick={() => setDeciding('sign')} data-testid="notice-sign">
              {t('签发')}
            </Button>
            <Button icon={<RollbackOutlined />} onClick={() => setDeciding('back')} data-testid="notice-send-back">
              {t('退回')}
            </Button>
          </Space>
        </Flex>
      )}
      {canEdit && n.status === 'sent_back' && (
        <Button icon={<EditOutlined />} style={{ marginTop: 12 }} onClick={onEdit} data-testid="notice-edit">
          {t('修改并重新提交')}
        </Button>
      )}
      {canRespond && n.status === 'signed' && (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Input.TextArea
            rows={3}
            maxLength={NOTICE_LIMITS.responseMax}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            placeholder={t('整改措施与进展')}
            data-testid="notice-response-text"
          />
          <Button
            type="primary"
            disabled={!answer.trim()}
            loading={respond.isPending}
            onClick={() => void doRespond()}
            style={{ alignSelf: 'flex-start' }}
            data-testid="notice-respond"
          >
            {t('提交反馈')}
          </Button>
        </Flex>
      )}
      <Modal
        open={deciding !== null}
        title={deciding === 'sign' ? t('签发督办单：{title}', { title: n.itemTitle }) : t('退回督办单')}
        okText={deciding === 'sign' ? t('确认签发') : t('退回')}
        cancelText={t('取消')}
        okButtonProps={{
          disabled: deciding === 'back' && !note.trim(),
          danger: deciding === 'back',
          ...({ 'data-testid': deciding === 'sign' ? 'notice-sign-confirm' : 'notice-send-back-confirm' } as object),
        }}
        confirmLoading={sign.isPending}
        onOk={() => void doSign(deciding === 'sign')}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        {deciding === 'sign' && <Typography.Paragraph>{t('签发后即编号并通知牵头单位，不能撤回。')}</Typography.Paragraph>}
        <Input.TextArea
          rows={3}
          maxLength={NOTICE_LIMITS.noteMax}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={deciding === 'sign' ? t('签发意见（选填）') : t('退回理由（必填）')}
          data-testid={deciding === 'sign' ? 'notice-sign-note' : 'notice-send-back-note'}
        />
      </Modal>
    </Card>
  );
}
