import { useState } from 'react';
import { Button, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import type { Item } from '../../../domain/items.js';
import { SIDES, agreedByBoth } from '../../../domain/negotiation.js';
import { SIDE_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { useShowApiError } from '../../app/use-api-error';
import { markState } from './AgreementTags';
import { useSetAgreement } from './negotiation.api';
import { negotiatingSide } from './negotiation-model';
import { chinaDateTime } from '../../../domain/dates.js';

/** 协商确认: each side's mark on the item, and (for that side's coordinator) the buttons to set it. */
export function AgreementSection({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const setAgreement = useSetAgreement(consultation.id);
  const [answer, setAnswer] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const { agreement } = item;
  const mySide = negotiatingSide(consultation);

  const ask = (agreed: boolean) => {
    // Repeating the same answer starts from the note given with it.
    const mine = mySide ? agreement[mySide] : null;
    setNote(mine && mine.agreed === agreed ? mine.note : '');
    setAnswer(agreed);
  };

  const submit = async () => {
    if (answer === null) return;
    try {
      await setAgreement.mutateAsync({ itemId: item.id, agreed: answer, note: note.trim() });
      void message.success(answer ? t('已标记同意') : t('已标记不同意'));
      setAnswer(null);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <section data-testid="agreement-section" style={{ marginTop: 24 }}>
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('协商确认')} {agreedByBoth(agreement) && <Tag color="success">{t('双方已同意')}</Tag>}
        </Typography.Title>
        {mySide && (
          <Space>
            <Button icon={<CheckOutlined />} onClick={() => ask(true)} data-testid="agree-button">
              {t('同意')}
            </Button>
            <Button danger icon={<CloseOutlined />} onClick={() => ask(false)} data-testid="disagree-button">
              {t('不同意')}
            </Button>
          </Space>
        )}
      </Space>
      <Descriptions
        column={1}
        bordered
        size="small"
        styles={{ label: { width: 110 } }}
        items={SIDES.map((side) => {
          const mark = agreement[side];
          const state = markState(mark);
          return {
            key: side,
            label: SIDE_LABEL[side],
            children: (
              <div data-testid={`agreement-mark-${side}`}>
                <Tag color={state.color}>{state.text}</Tag>
                {mark && (
                  <Typography.Text type="secondary">
                    {mark.by} · {chinaDateTime(mark.at)}
                  </Typography.Text>
                )}
                {mark?.note && <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{t('意见：{note}', { note: mark.note })}</div>}
              </div>
            ),
          };
        })}
      />
      {consultation.status === 'negotiating' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t('修改事项名称、内容、类别、牵头或配合单位、完成时限或资金后，双方须重新确认。')}
        </Typography.Paragraph>
      )}
      <Modal
        open={answer !== null}
        title={answer ? t('同意该事项') : t('不同意该事项')}
        okText={answer ? t('确认同意') : t('确认不同意')}
        okButtonProps={{ danger: answer === false, loading: setAgreement.isPending }}
        cancelText={t('取消')}
        onOk={() => void submit()}
        onCancel={() => setAnswer(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {answer
            ? t('以{side}名义同意“{title}”。', { side: mySide ? SIDE_LABEL[mySide] : '', title: item.title })
            : t('以{side}名义不同意“{title}”。', { side: mySide ? SIDE_LABEL[mySide] : '', title: item.title })}
        </Typography.Paragraph>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          showCount
          autoSize={{ minRows: 3, maxRows: 6 }}
          placeholder={answer ? t('意见（选填）') : t('请说明不同意的理由或修改建议（选填）')}
          data-testid="agreement-note"
        />
      </Modal>
    </section>
  );
}
