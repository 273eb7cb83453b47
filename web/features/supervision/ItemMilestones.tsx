import { useState } from 'react';
import { Button, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Tag, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CheckOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { isItemClosed, type Item } from '../../../domain/items.js';
import { formatDateCn } from '../../app/labels';
import { t } from '../../app/i18n';
import { chinaDate } from '../../../domain/dates.js';
import type { Milestone } from '../../../domain/milestones.js';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useCreateMilestone, useDeleteMilestone, useMilestones, useUpdateMilestone } from './supervision.api';

const ISO = 'YYYY-MM-DD';

/** 里程碑 in the item drawer: the plan of the work; an open one past its date turns the light yellow. */
export function ItemMilestones({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const list = useMilestones(item.id);
  const create = useCreateMilestone(item.id, consultation.id);
  const update = useUpdateMilestone(item.id, consultation.id);
  const remove = useDeleteMilestone(item.id, consultation.id);
  const [form] = Form.useForm<{ title: string; dueOn: Dayjs }>();
  const [adding, setAdding] = useState(false);
  const [marking, setMarking] = useState<Milestone | null>(null);
  const [doneOn, setDoneOn] = useState<Dayjs>(dayjs());

  // Who may keep the plan is the server's word (list.data.can); the web only adds that the item and consultation are open.
  const canWrite = consultation.status !== 'closed' && !isItemClosed(item.status) && list.data?.can.write === true;
  // Today as the county's calendar has it, whatever zone the browser is set to.
  const today = chinaDate(new Date().toISOString());

  const add = async () => {
    const v = await form.validateFields();
    create.mutate(
      { title: v.title.trim(), dueOn: v.dueOn.format(ISO), doneOn: null },
      {
        onSuccess: () => {
          form.resetFields();
          setAdding(false);
          void message.success(t('已新增里程碑'));
        },
        onError: (err) => showError(err),
      },
    );
  };

  const markDone = () => {
    if (!marking) return;
    update.mutate(
      { id: marking.id, body: { doneOn: doneOn.format(ISO), version: marking.version } },
      {
        onSuccess: () => {
          setMarking(null);
          void message.success(t('已标记完成'));
        },
        onError: (err) => showError(err),
      },
    );
  };

  const state = (m: Milestone) =>
    m.doneOn ? (
      <Tag color="success">{t('{date}完成', { date: formatDateCn(m.doneOn) })}</Tag>
    ) : m.dueOn < today ? (
      <Tag color="warning">{t('已逾期{n}天', { n: dayjs(today).diff(dayjs(m.dueOn), 'day') })}</Tag>
    ) : (
      <Tag>{t('未完成')}</Tag>
    );

  return (
    <section style={{ marginTop: 24 }} data-testid="item-milestones">
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('里程碑')}
        </Typography.Title>
        {canWrite && !adding && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="milestone-add">
            {t('新增里程碑')}
          </Button>
        )}
      </Flex>
      {adding && (
        <Form form={form} layout="inline" style={{ marginTop: 8, rowGap: 8 }} onFinish={() => void add()}>
          <Form.Item name="title" rules={[{ required: true, whitespace: true, message: t('请填写里程碑名称') }]}>
            <Input placeholder={t('里程碑名称')} maxLength={200} style={{ width: 260 }} data-testid="milestone-title" />
          </Form.Item>
          <Form.Item name="dueOn" rules={[{ required: true, message: t('请选择计划完成日期') }]}>
            <DatePicker placeholder={t('计划完成日期')} data-testid="milestone-due" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="milestone-save">
            {t('添加')}
          </Button>
          <Button onClick={() => setAdding(false)} style={{ marginInlineStart: 8 }}>
            {t('取消')}
          </Button>
        </Form>
      )}
      {list.isError ? (
        <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Flex vertical style={{ marginTop: 8 }}>
          {list.isPending ? null : (list.data?.data ?? []).length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无里程碑')} />
          ) : (
            (list.data?.data ?? []).map((m) => (
              <Flex
                key={m.id}
                gap={12}
                align="center"
                wrap
                style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}
                data-testid="milestone-row"
                data-milestone-id={m.id}
                data-done={m.doneOn ? 'true' : 'false'}
              >
                <Typography.Text strong>{m.title}</Typography.Text>
                <Typography.Text type="secondary">{t('计划 {date}', { date: formatDateCn(m.dueOn) })}</Typography.Text>
                {state(m)}
                <div style={{ flex: 1 }} />
                {canWrite && !m.doneOn && (
                  <Button
                    size="small"
                    type="link"
                    icon={<CheckOutlined />}
                    onClick={() => {
                      setDoneOn(dayjs());
                      setMarking(m);
                    }}
                    data-testid="milestone-done"
                  >
                    {t('标记完成')}
                  </Button>
                )}
                {canWrite && (
                  <Popconfirm
                    title={t('删除这个里程碑？')}
                    okText={t('删除')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('取消')}
                    onConfirm={() => remove.mutate(m, { onError: (err) => showError(err) })}
                  >
                    <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('删除')} />
                  </Popconfirm>
                )}
              </Flex>
            ))
          )}
        </Flex>
      )}
      <Modal
        open={marking !== null}
        title={marking ? t('标记完成：{title}', { title: marking.title }) : ''}
        okText={t('确定')}
        cancelText={t('取消')}
        confirmLoading={update.isPending}
        onOk={markDone}
        onCancel={() => setMarking(null)}
        destroyOnHidden
      >
        <Flex gap={8} align="center">
          <span>{t('完成日期')}</span>
          <DatePicker value={doneOn} onChange={(d) => d && setDoneOn(d)} disabledDate={(d) => d.isAfter(dayjs(), 'day')} allowClear={false} data-testid="milestone-done-on" />
        </Flex>
      </Modal>
    </section>
  );
}
