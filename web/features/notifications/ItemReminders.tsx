import { useState, type ComponentProps } from 'react';
import { Button, Empty, Flex, Input, List, Modal, Tag, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { isLiveConsultation, type ConsultationDetail } from '../../../domain/consultations.js';
import { isItemClosed, type Item } from '../../../domain/items.js';
import { REMINDER_KIND_LABEL } from '../../app/labels';
import { REMINDER_NOTE_MAX } from '../../../domain/notifications.js';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useReminders, useSendReminder } from './notifications.api';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

/** 催办记录 in the item drawer: automatic and manual reminders, and the host coordinator's 催办 button. */
export function ItemReminders({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const reminders = useReminders(item.id);
  const send = useSendReminder(item.id);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  if (!isLiveConsultation(consultation.status) && !(reminders.data ?? []).length) return null;
  const canRemind = isLiveConsultation(consultation.status) && consultation.can.remind && !isItemClosed(item.status);

  const submit = () => {
    const text = note.trim();
    if (!text) return void message.warning(t('请填写催办内容'));
    send.mutate(text, {
      onSuccess: (r) => {
        setOpen(false);
        setNote('');
        void message.success(
          r.recipients.length ? t('已催办，将通知：{names}', { names: r.recipients.map((x) => x.name).join('、') }) : t('已催办并记录；牵头单位暂无可通知的人员'),
        );
      },
      onError: (err) => showError(err),
    });
  };

  return (
    <section style={{ marginTop: 24 }} data-testid="item-reminders">
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('催办记录')}
        </Typography.Title>
        {canRemind && (
          <Button size="small" onClick={() => setOpen(true)} data-testid="remind-button">
            {t('催办')}
          </Button>
        )}
      </Flex>
      {reminders.isError ? (
        <QueryErrorResult error={reminders.error} onRetry={() => void reminders.refetch()} />
      ) : (
        <List
          size="small"
          loading={reminders.isPending}
          dataSource={reminders.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无催办')} /> }}
          renderItem={(r) => (
            <List.Item data-testid="reminder-row">
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Flex gap={8} align="center" wrap>
                  <Tag color={r.kind === 'manual' ? 'blue' : r.kind.endsWith('overdue') ? 'red' : 'gold'}>{REMINDER_KIND_LABEL[r.kind]}</Tag>
                  <Typography.Text type="secondary">
                    {chinaDateTime(r.createdAt)} · {r.sentBy ? r.sentBy.name : t('系统自动')}
                  </Typography.Text>
                </Flex>
                <Typography.Text>{r.note}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('通知：{names}', { names: r.recipients.length ? r.recipients.map((x) => x.name).join('、') : t('无可通知人员') })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Modal
        title={t('催办：{title}', { title: item.title })}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={submit}
        okText={t('发送催办')}
        cancelText={t('取消')}
        confirmLoading={send.isPending}
        okButtonProps={{ 'data-testid': 'remind-submit' } as ComponentProps<typeof Button>}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('催办将通知牵头单位的承办人和县联络员，并记入本事项的催办记录。')}</Typography.Paragraph>
        <Input.TextArea
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={REMINDER_NOTE_MAX}
          showCount
          placeholder={t('催办内容，如：请于本周五前报送第四季度进展报告')}
          data-testid="remind-note"
        />
      </Modal>
    </section>
  );
}
