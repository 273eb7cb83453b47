import { useEffect } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Button, DatePicker, Form, Input, Modal, Table, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { LIMITS } from '../../../domain/common.js';
import { MEETING_LIMITS, zMeetingCreate, type Attendee, type Meeting } from '../../../domain/meetings.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { MinutesEditor } from './MinutesEditor';
import { useCreateMeeting, useUpdateMeeting } from './meetings.api';
import { t } from '../../app/i18n';

interface Values {
  heldOn: Dayjs | null;
  venue: string;
  attendees: Attendee[];
  agenda: string;
  minutesHtml: string;
}

// The attendees' problems are reported by row in a message; the other fields carry their own.
const FIELDS = ['heldOn', 'venue', 'agenda', 'minutesHtml'] as const;
const ATTENDEE_FIELD: Record<string, string> = { name: t('姓名'), orgName: t('单位'), title: t('职务') };
const blankAttendee = (): Attendee => ({ name: '', orgName: '', title: '' });

interface Props {
  consultationId: number;
  open: boolean;
  editing?: Meeting;
  onClose: () => void;
}

/** 登记 / 修改会商会议, checked with the server's own schema before sending. */
export function MeetingFormModal({ consultationId, open, editing, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = useFeedback();
  const create = useCreateMeeting(consultationId);
  const update = useUpdateMeeting();
  const showError = useShowApiError();

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(
      editing
        ? { heldOn: dayjs(editing.heldOn), venue: editing.venue, attendees: editing.attendees, agenda: editing.agenda, minutesHtml: editing.minutesHtml }
        : { heldOn: null, venue: '', attendees: [blankAttendee()], agenda: '', minutesHtml: '' },
    );
  }, [open, editing, form]);

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    const parsed = zMeetingCreate.safeParse({
      heldOn: v.heldOn ? v.heldOn.format('YYYY-MM-DD') : '',
      venue: v.venue,
      attendees: v.attendees ?? [],
      agenda: v.agenda ?? '',
      minutesHtml: v.minutesHtml ?? '',
    });
    if (!parsed.success) {
      // One message per field is enough (an empty date fails both the format and the calendar check).
      const problems = zodProblems(parsed.error)
        .filter((pr, i, all) => all.findIndex((o) => o.field === pr.field) === i)
        .map((pr) => (pr.field === 'heldOn' && !v.heldOn ? { ...pr, message: t('请选择会议日期') } : pr));
      const rest = applyProblems(form, problems, FIELDS);
      const first = parsed.error.issues.find((i) => i.path[0] === 'attendees');
      if (first && first.path.length > 1) {
        const row = Number(first.path[1]) + 1;
        void message.error(t('参会人员第 {row} 行{field}：{message}', { row, field: ATTENDEE_FIELD[String(first.path[2])] ?? '', message: first.message }));
      } else if (first) void message.error(t('参会人员：{message}', { message: first.message }));
      else if (rest.length) void message.error(rest[0].message);
      return;
    }
    try {
      if (editing) await update.mutateAsync({ id: editing.id, body: { ...parsed.data, version: editing.version } });
      else await create.mutateAsync(parsed.data);
      void message.success(editing ? t('会议记录已保存') : t('会议已登记'));
      onClose();
    } catch (err) {
      showError(err, { form, fields: FIELDS });
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('修改会商会议') : t('登记会商会议')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={820}
    >
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="meeting-form" requiredMark>
        <Form.Item name="heldOn" label={t('会议日期')} required>
          <DatePicker style={{ width: 220 }} placeholder={t('选择日期')} data-testid="meeting-date" />
        </Form.Item>
        <Form.Item name="venue" label={t('会议地点')} required>
          <Input maxLength={MEETING_LIMITS.venueMax} placeholder={t('如：广元市科技局三楼会议室')} data-testid="meeting-venue" />
        </Form.Item>
        <Form.Item label={t('参会人员')} required>
          <Form.List name="attendees">
            {(fields, { add, remove }) => (
              <>
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={fields}
                  data-testid="meeting-attendees"
                  columns={[
                    { title: t('序号'), width: 56, render: (_v, _f, i) => i + 1 },
                    {
                      title: t('姓名'),
                      render: (_v, f) => (
                        <Form.Item name={[f.name, 'name']} noStyle>
                          <Input maxLength={LIMITS.nameMax} placeholder={t('姓名')} data-testid="attendee-name" />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('单位'),
                      render: (_v, f) => (
                        <Form.Item name={[f.name, 'orgName']} noStyle>
                          <Input maxLength={LIMITS.nameMax} placeholder={t('单位')} data-testid="attendee-org" />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('职务'),
                      render: (_v, f) => (
                        <Form.Item name={[f.name, 'title']} noStyle>
                          <Input maxLength={LIMITS.shortTextMax} placeholder={t('职务')} data-testid="attendee-title" />
                        </Form.Item>
                      ),
                    },
                    {
                      title: '',
                      width: 48,
                      render: (_v, f) => (
                        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('删除')} disabled={fields.length <= 1} onClick={() => remove(f.name)} />
                      ),
                    },
                  ]}
                />
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  block
                  style={{ marginTop: 8 }}
                  disabled={fields.length >= MEETING_LIMITS.attendeesMax}
                  onClick={() => add(blankAttendee())}
                  data-testid="add-attendee"
                >
                  {t('添加参会人员')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="agenda" label={t('会议议程')}>
          <Input.TextArea rows={3} maxLength={MEETING_LIMITS.agendaMax} placeholder={t('一、……\n二、……')} data-testid="meeting-agenda" />
        </Form.Item>
        <Form.Item name="minutesHtml" label={t('会议纪要')}>
          <MinutesEditor />
        </Form.Item>
        <Typography.Text type="secondary">{t('纪要仅保留段落、加粗、倾斜、列表、小标题、引用、表格和网页链接等格式。')}</Typography.Text>
      </Form>
    </Modal>
  );
}
