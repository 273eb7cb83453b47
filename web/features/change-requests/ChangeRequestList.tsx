import { useState } from 'react';
import { Button, Empty, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import type { ChangeRequest, ChangeRequestStatus } from '../../../domain/change-requests.js';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { CHANGE_FIELD_LABEL, CHANGE_REQUEST_KIND_LABEL, CHANGE_REQUEST_STATUS_LABEL, SIDE_SHORT_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { isApiError } from '../../app/api-client';
import { useShowApiError } from '../../app/use-api-error';
import { coordinatorSide } from '../negotiation/negotiation-model';
import { changeValueText } from './change-format';
import { useDecideChangeRequest, useWithdrawChangeRequest } from './change-requests.api';
import { chinaDateTime } from '../../../domain/dates.js';

const STATUS_COLOR: Record<ChangeRequestStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' };

function ChangeLines({ cr }: { cr: ChangeRequest }) {
  // A new item lists only what was filled in; a change lists each field from → to.
  const lines = cr.kind === 'add' ? cr.changes.filter((l) => l.to !== null && l.to !== '' && !(Array.isArray(l.to) && !l.to.length)) : cr.changes;
  return (
    <Space orientation="vertical" size={2}>
      {lines.map((l) => (
        <span key={l.field}>
          <Typography.Text type="secondary">{t('{field}：', { field: CHANGE_FIELD_LABEL[l.field] })}</Typography.Text>
          {cr.kind === 'add' ? (
            changeValueText(l.field, l.to)
          ) : (
            <>
              <Typography.Text delete type="secondary">
                {changeValueText(l.field, l.from)}
              </Typography.Text>{' '}
              → <Typography.Text strong>{changeValueText(l.field, l.to)}</Typography.Text>
            </>
          )}
        </span>
      ))}
    </Space>
  );
}

/** Change requests with the other side's coordinator's approve / reject buttons. */
export function ChangeRequestList({
  consultation,
  requests,
  loading,
  showItem,
}: {
  consultation: ConsultationDetail;
  requests: ChangeRequest[];
  loading: boolean;
  showItem: boolean;
}) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const decide = useDecideChangeRequest(consultation.id);
  const mySide = coordinatorSide(consultation);
  const [deciding, setDeciding] = useState<{ cr: ChangeRequest; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const withdraw = useWithdrawChangeRequest(consultation.id);
  // The server says what the caller may do with each request.
  const canDecide = (cr: ChangeRequest) => cr.can.decide;
  const canWithdraw = (cr: ChangeRequest) => cr.can.withdraw;

  const doWithdraw = async (cr: ChangeRequest) => {
    try {
      await withdraw.mutateAsync(cr.id);
      void message.success(t('已撤回调整申请'));
    } catch (err) {
      showError(err);
    }
  };

  const submit = async () => {
    if (!deciding) return;
    if (!deciding.approve && !note.trim()) return setNoteError(t('不同意时请说明理由'));
    try {
      await decide.mutateAsync({ id: deciding.cr.id, approve: deciding.approve, note: note.trim() });
      void message.success(deciding.approve ? t('已同意，调整已生效') : t('已退回该申请'));
      setDeciding(null);
    } catch (err) {
      if (isApiError(err) && err.code === 'CHANGE_REQUEST_DECIDED') setDeciding(null);
      showError(err);
    }
  };

  return (
    <>
      <Table<ChangeRequest>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={requests}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无调整申请')} /> }}
        onRow={(r) => ({ 'data-testid': 'change-request-row', 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('类型'),
            key: 'kind',
            width: 110,
            render: (_, r) => <Tag color={r.kind === 'extend' ? 'orange' : r.kind === 'cancel' ? 'red' : 'blue'}>{CHANGE_REQUEST_KIND_LABEL[r.kind]}</Tag>,
          },
          ...(showItem
            ? [
                {
                  title: t('事项'),
                  key: 'item',
                  width: 180,
                  render: (_: unknown, r: ChangeRequest) => r.itemTitle ?? <Typography.Text type="secondary">{t('（新事项，待同意后生成）')}</Typography.Text>,
                },
              ]
            : []),
          { title: t('申请理由'), dataIndex: 'reason', key: 'reason', width: 160, render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
          { title: t('调整内容'), key: 'changes', render: (_, r) => <ChangeLines cr={r} /> },
          {
            title: t('提出'),
            key: 'by',
            width: 150,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {SIDE_SHORT_LABEL[r.side]} · {r.createdBy}
                </span>
                <Typography.Text type="secondary">{chinaDateTime(r.createdAt)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('状态'),
            key: 'status',
            width: 170,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <Tag color={STATUS_COLOR[r.status]}>{CHANGE_REQUEST_STATUS_LABEL[r.status]}</Tag>
                {r.decidedBy && (
                  <Typography.Text type="secondary">
                    {r.decidedBy} · {chinaDateTime(r.decidedAt)}
                  </Typography.Text>
                )}
                {r.decisionNote && <span>{t('意见：{note}', { note: r.decisionNote })}</span>}
              </Space>
            ),
          },
          {
            title: t('操作'),
            key: 'actions',
            width: 150,
            render: (_, r) =>
              canDecide(r) ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    icon={<CheckOutlined />}
                    data-testid="approve-change"
                    onClick={() => (setNote(''), setNoteError(null), setDeciding({ cr: r, approve: true }))}
                  >
                    {t('同意')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    icon={<CloseOutlined />}
                    data-testid="reject-change"
                    onClick={() => (setNote(''), setNoteError(null), setDeciding({ cr: r, approve: false }))}
                  >
                    {t('不同意')}
                  </Button>
                </Space>
              ) : r.status === 'pending' ? (
                <Space orientation="vertical" size={4}>
                  <Typography.Text type="secondary">{mySide === r.side ? t('待对方审批') : '—'}</Typography.Text>
                  {canWithdraw(r) && (
                    <Popconfirm
                      title={t('撤回这项调整申请？')}
                      description={t('撤回后对方不再需要审批，事项保持不变。')}
                      okText={t('撤回')}
                      cancelText={t('取消')}
                      onConfirm={() => doWithdraw(r)}
                      okButtonProps={{ ...({ 'data-testid': 'withdraw-change-ok' } as object) }}
                    >
                      <Button size="small" icon={<RollbackOutlined />} loading={withdraw.isPending && withdraw.variables === r.id} data-testid="withdraw-change">
                        {t('撤回')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ) : null,
          },
        ]}
        scroll={{ x: 900 }}
      />
      <Modal
        open={deciding !== null}
        title={deciding?.approve ? t('同意调整申请') : t('不同意调整申请')}
        okText={deciding?.approve ? t('确认同意') : t('确认不同意')}
        okButtonProps={{ danger: deciding?.approve === false, loading: decide.isPending, ...({ 'data-testid': 'decision-ok' } as object) }}
        cancelText={t('取消')}
        onOk={() => void submit()}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        {deciding && (
          <Typography.Paragraph>
            {deciding.approve
              ? t('{kind}：{title}。同意后调整立即生效，并记入事项历史。', { kind: CHANGE_REQUEST_KIND_LABEL[deciding.cr.kind], title: deciding.cr.itemTitle ?? t('新增事项') })
              : t('{kind}：{title}。', { kind: CHANGE_REQUEST_KIND_LABEL[deciding.cr.kind], title: deciding.cr.itemTitle ?? t('新增事项') })}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          value={note}
          onChange={(e) => (setNote(e.target.value), setNoteError(null))}
          maxLength={500}
          showCount
          status={noteError ? 'error' : undefined}
          autoSize={{ minRows: 3, maxRows: 6 }}
          placeholder={deciding?.approve ? t('审批意见（选填）') : t('请说明不同意的理由（必填）')}
          data-testid="decision-note"
        />
        {noteError && <Typography.Text type="danger">{noteError}</Typography.Text>}
      </Modal>
    </>
  );
}
