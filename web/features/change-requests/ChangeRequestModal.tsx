import { useEffect } from 'react';
import { Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import dayjs, { type Dayjs } from 'dayjs';
import { CHANGE_REASON_MAX, zAddChangeRequestCreate, zItemChangeRequestCreate, type ProposedChanges } from '../../../domain/change-requests.js';
import { LIMITS } from '../../../domain/common.js';
import { CATEGORIES, type Category, type Item } from '../../../domain/items.js';
import { CATEGORY_LABEL, formatDateCn } from '../../app/labels';
import { t } from '../../app/i18n';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange } from '../../components/form-errors';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { OrgTreeSelect } from '../organisations/OrgTreeSelect';
import { useFileAddRequest, useFileChangeRequest } from './change-requests.api';

export type RequestMode = 'modify' | 'extend' | 'cancel' | 'add';

interface Values {
  reason: string;
  title: string;
  content: string;
  category: Category;
  domain: string | undefined;
  leadUnitId: number | null;
  coUnitIds: number[];
  deadline: Dayjs | null;
  ongoing: boolean;
  fundingWan: number | null;
}

const FIELDS = ['reason', 'title', 'content', 'category', 'domain', 'leadUnitId', 'coUnitIds', 'deadline', 'ongoing', 'fundingWan'] as const;
const TITLE: Record<RequestMode, string> = { modify: t('申请调整议定内容'), extend: t('申请延期'), cancel: t('申请取消事项'), add: t('申请新增事项') };

/** Server and schema paths (`changes.title`, `item.title`) name the form's own fields. */
function flatten(problems: { field: string; message: string }[], paths: { path: (string | number)[]; message: string }[]) {
  return [...problems, ...paths.map((p) => ({ field: String(p.path[p.path.length - 1] ?? p.path[0]), message: p.message }))];
}

/** The form filing a change request: on an item (modify / extend / cancel) or a new item for the list. */
export function ChangeRequestModal({
  consultationId,
  partyOrgIds,
  item,
  mode,
  onClose,
}: {
  consultationId: number;
  partyOrgIds: number[];
  item: Item | null;
  mode: RequestMode | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const fileOnItem = useFileChangeRequest(consultationId, item?.id ?? 0);
  const fileAdd = useFileAddRequest(consultationId);
  const dict = useDomainDictionary();
  const ongoing = Form.useWatch('ongoing', form);

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (item && mode !== 'add') {
      form.setFieldsValue({
        reason: '',
        title: item.title,
        content: item.content,
        category: item.category,
        leadUnitId: item.leadUnitId,
        coUnitIds: item.coUnitIds,
        deadline: mode === 'extend' ? null : item.deadline ? dayjs(item.deadline) : null,
        ongoing: item.ongoing,
        fundingWan: item.fundingWan,
      });
    } else {
      form.setFieldsValue({
        reason: '',
        title: '',
        content: '',
        category: 'direct_support',
        domain: undefined,
        leadUnitId: null,
        coUnitIds: [],
        deadline: null,
        ongoing: false,
        fundingWan: null,
      });
    }
  }, [mode, item, form]);

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    const date = v.deadline ? v.deadline.format('YYYY-MM-DD') : null;
    const target = { form, fields: FIELDS, aliases: { changes: 'reason', item: 'title', leadUnit: 'leadUnitId', coUnits: 'coUnitIds' } };
    try {
      if (mode === 'add') {
        const parsed = zAddChangeRequestCreate.safeParse({
          kind: 'add',
          reason: v.reason,
          item: {
            title: v.title,
            content: v.content,
            category: v.category,
            domain: v.domain,
            leadUnitId: v.leadUnitId,
            coUnitIds: v.coUnitIds,
            deadline: v.ongoing ? null : date,
            ongoing: v.ongoing,
            fundingWan: v.fundingWan,
          },
        });
        if (!parsed.success) return void applyProblems(form, flatten([], parsed.error.issues as { path: (string | number)[]; message: string }[]), FIELDS);
        await fileAdd.mutateAsync(parsed.data);
      } else if (item && mode) {
        let body: unknown;
        if (mode === 'extend') body = { kind: 'extend', reason: v.reason, deadline: date };
        else if (mode === 'cancel') body = { kind: 'cancel', reason: v.reason };
        else {
          // Only what differs from the item is proposed.
          const changes: ProposedChanges = {};
          if (v.title !== item.title) changes.title = v.title;
          if (v.content !== item.content) changes.content = v.content;
          if (v.category !== item.category) changes.category = v.category;
          if ((v.leadUnitId ?? null) !== item.leadUnitId) changes.leadUnitId = v.leadUnitId ?? null;
          if (JSON.stringify(v.coUnitIds ?? []) !== JSON.stringify(item.coUnitIds)) changes.coUnitIds = v.coUnitIds ?? [];
          if (v.ongoing !== item.ongoing) changes.ongoing = v.ongoing;
          const nextDeadline = v.ongoing ? null : date;
          if (nextDeadline !== item.deadline) changes.deadline = nextDeadline;
          if ((v.fundingWan ?? null) !== item.fundingWan) changes.fundingWan = v.fundingWan ?? null;
          body = { kind: 'modify', reason: v.reason, changes };
        }
        const parsed = zItemChangeRequestCreate.safeParse(body);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.path.join('.') === 'changes' ? t('请至少修改一项内容') : i.message }));
          const rest = applyProblems(form, flatten([], problems), FIELDS);
          if (rest.length) void message.warning(rest[0].message);
          return;
        }
        await fileOnItem.mutateAsync(parsed.data);
      }
      void message.success(t('调整申请已提交，等待对方审批'));
      onClose();
    } catch (err) {
      showError(err, target);
    }
  };

  const locked = mode === 'extend' || mode === 'cancel';
  return (
    <Modal
      open={mode !== null}
      title={TITLE[mode ?? 'modify']}
      okText={t('提交申请')}
      cancelText={t('取消')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ loading: fileOnItem.isPending || fileAdd.isPending, ...({ 'data-testid': 'change-request-submit' } as object) }}
      width={mode === 'modify' || mode === 'add' ? 720 : 520}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)}>
        {item && mode !== 'add' && (
          <Typography.Paragraph type="secondary">
            {t('事项：{title}', { title: item.title })}
            {mode === 'extend' && t('（现完成时限：{deadline}；延期申请须在时限届满前提出）', { deadline: item.deadline ? formatDateCn(item.deadline) : '—' })}
          </Typography.Paragraph>
        )}
        {mode === 'extend' && (
          <Form.Item name="deadline" label={t('新的完成时限')} required>
            <DatePicker style={{ width: '100%' }} placeholder={t('选择日期')} data-testid="extend-deadline" />
          </Form.Item>
        )}
        {!locked && (
          <>
            <Form.Item name="title" label={t('事项名称')} required>
              <Input maxLength={LIMITS.titleMax} showCount />
            </Form.Item>
            <Form.Item name="content" label={t('主要内容及目标')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={LIMITS.contentMax} />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="category" label={t('类别')} required>
                  <Select options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} />
                </Form.Item>
              </Col>
              {mode === 'add' && (
                <Col span={12}>
                  <Form.Item name="domain" label={t('领域')} required>
                    <Select options={(dict.data ?? []).filter((d) => d.enabled).map((d) => ({ value: d.value, label: d.label }))} placeholder={t('选择领域')} />
                  </Form.Item>
                </Col>
              )}
            </Row>
            <Form.Item name="leadUnitId" label={t('牵头单位')}>
              <OrgTreeSelect placeholder={t('选择牵头单位')} expandTo={partyOrgIds} />
            </Form.Item>
            <Form.Item name="coUnitIds" label={t('配合单位')}>
              <OrgTreeSelect multiple placeholder={t('选择配合单位（可多选）')} expandTo={partyOrgIds} />
            </Form.Item>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="ongoing" label={t('长期/持续推进')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="deadline" label={t('完成时限')}>
                  <DatePicker style={{ width: '100%' }} disabled={Boolean(ongoing)} placeholder={t('选择日期')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="fundingWan" label={t('资金（万元）')}>
                  <InputNumber<number> min={0} max={LIMITS.fundingWanMax} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Form.Item name="reason" label={t('申请理由')} required>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={CHANGE_REASON_MAX} showCount placeholder={t('请说明调整的原因')} data-testid="change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
