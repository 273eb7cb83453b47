import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Form, Popconfirm, Progress, Space, Typography, type DescriptionsProps, notification as antdNotification } from 'antd';
import { useFeedback } from '../../app/feedback';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { listIsOpen, type ConsultationDetail } from '../../../domain/consultations.js';
import type { Category, Item } from '../../../domain/items.js';
import { CATEGORY_LABEL, formatDateCn, formatWan } from '../../app/labels';
import { t } from '../../app/i18n';
import { isApiError } from '../../app/api-client';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems } from '../../components/form-errors';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { AgreementSection } from '../negotiation/AgreementSection';
import { ItemComments } from '../comments/ItemComments';
import { ItemChangeRequests } from '../change-requests/ItemChangeRequests';
import { ItemHistory } from '../change-requests/ItemHistory';
import { ItemNotices } from '../notices/ItemNotices';
import { NoticeDocumentButton } from '../documents/DocumentButtons';
import { ItemCompletion } from '../notices/ItemCompletion';
import { ItemSourceNeed } from '../needs/ItemSourceNeed';
import { ItemProgrammeSection } from '../projects/ItemProgrammeSection';
import { ItemReminders } from '../notifications/ItemReminders';
import { ItemMilestones } from '../supervision/ItemMilestones';
import { ItemReports } from '../supervision/ItemReports';
import { LightTag } from '../supervision/LightTag';
import { isAdopted } from '../negotiation/negotiation-model';
import { checkCreate, checkUpdate, emptyFormValues, ITEM_FIELD_ALIASES, ITEM_FORM_FIELDS, itemToFormValues, type ItemFormValues } from './item-form';
import { useCreateItem, useDeleteItem, useItem, useUpdateItem } from './items.api';
import { ItemFormFields } from './ItemFormFields';
import { ItemStatusTag } from './ItemStatusTag';
import { ItemLinksSection } from './ItemLinksSection';
import { chinaDateTime } from '../../../domain/dates.js';

export type DrawerTarget = { mode: 'view'; itemId: number; placeholder?: Item } | { mode: 'create'; category: Category };

interface Props {
  consultation: ConsultationDetail;
  target: DrawerTarget | null;
  canEdit: boolean;
  domainLabel: (value: string) => string;
  onClose: () => void;
  onCreated: (item: Item) => void;
}

export function deadlineText(item: Pick<Item, 'deadline' | 'ongoing'>): string {
  if (item.ongoing) return t('长期');
  return item.deadline ? formatDateCn(item.deadline) : '—';
}

/** One item: its fields to read, and (for the parties' coordinators) the form to change them. */
export function ItemDrawer({ consultation, target, canEdit, domainLabel, onClose, onCreated }: Props) {
  const { message } = useFeedback();
  const [notification, notificationHolder] = antdNotification.useNotification();
  const showError = useShowApiError();
  const [form] = Form.useForm<ItemFormValues>();
  // Editing belongs to one target: opening another item (or closing) leaves edit mode by itself.
  const [editingKey, setEditingKey] = useState<string | null>(null);
  const itemId = target?.mode === 'view' ? target.itemId : null;
  const item = useItem(itemId, target?.mode === 'view' ? target.placeholder : undefined);
  const update = useUpdateItem();
  const create = useCreateItem(consultation.id);
  const remove = useDeleteItem();
  const creating = target?.mode === 'create';
  const open = target !== null;
  const partyOrgIds = [consultation.hostOrg.id, ...consultation.partnerOrgs.map((o) => o.id)];
  const listOpen = listIsOpen(consultation.status);

  const targetKey = target ? (target.mode === 'view' ? `v${target.itemId}` : `c${target.category}`) : null;
  const editing = editingKey !== null && editingKey === targetKey;
  const setEditing = (on: boolean) => setEditingKey(on ? targetKey : null);

  // Adding starts from an empty form of the chosen category.
  const createCategory = target?.mode === 'create' ? target.category : null;
  useEffect(() => {
    if (!createCategory) return;
    form.resetFields();
    form.setFieldsValue(emptyFormValues(createCategory));
  }, [createCategory, form]);

  const startEdit = () => {
    if (!item.data) return;
    form.resetFields();
    form.setFieldsValue(itemToFormValues(item.data));
    setEditing(true);
  };

  const formTarget = { form, fields: ITEM_FORM_FIELDS, aliases: ITEM_FIELD_ALIASES };

  const save = async () => {
    const values = form.getFieldsValue(true) as ItemFormValues;
    if (creating) {
      const checked = checkCreate(values);
      if (!checked.ok) return void applyProblems(form, checked.problems, ITEM_FORM_FIELDS);
      try {
        const created = await create.mutateAsync(checked.value);
        void message.success(t('事项已新增'));
        onCreated(created);
      } catch (err) {
        showError(err, formTarget);
      }
      return;
    }
    const current = item.data;
    if (!current) return;
    const checked = checkUpdate(values, current);
    if (!checked.ok) return void applyProblems(form, checked.problems, ITEM_FORM_FIELDS);
    if (checked.value === null) {
      void message.info(t('没有修改任何内容'));
      setEditing(false);
      return;
    }
    try {
      await update.mutateAsync({ id: current.id, body: checked.value });
      void message.success(t('已保存'));
      setEditing(false);
    } catch (err) {
      if (isApiError(err) && err.code === 'ITEM_VERSION_CONFLICT') {
        notification.warning({
          title: t('该事项已被他人修改'),
          description: t('在您编辑期间，其他人保存了这个事项。已为您载入最新内容，请核对后重新修改。'),
          duration: 8,
          // Top-right would cover the drawer's own buttons.
          placement: 'top',
        });
        setEditing(false);
        void item.refetch();
        return;
      }
      showError(err, formTarget);
    }
  };

  const doDelete = async () => {
    if (!item.data) return;
    try {
      await remove.mutateAsync(item.data);
      void message.success(t('事项已删除'));
      onClose();
    } catch (err) {
      if (isApiError(err) && err.code === 'ITEM_VERSION_CONFLICT') void item.refetch();
      showError(err);
    }
  };

  const showForm = creating || editing;
  const title = creating ? t('新增事项 · {category}', { category: CATEGORY_LABEL[target.category] }) : (item.data?.title ?? t('事项'));

  const formActions = (
    <Space>
      <Button onClick={creating ? onClose : () => setEditing(false)}>{t('取消')}</Button>
      <Button type="primary" onClick={() => void save()} loading={update.isPending || create.isPending} data-testid="item-save">
        {t('保存')}
      </Button>
    </Space>
  );

  const viewActions = canEdit && item.data && (
    <Space>
      {listOpen && (
        <Popconfirm
          title={t('删除这个事项？')}
          description={t('删除后不能恢复。')}
          okText={t('删除')}
          okButtonProps={{ danger: true }}
          cancelText={t('取消')}
          onConfirm={() => void doDelete()}
        >
          <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="item-delete">
            {t('删除')}
          </Button>
        </Popconfirm>
      )}
      <Button type="primary" icon={<EditOutlined />} onClick={startEdit} data-testid="item-edit">
        {t('编辑')}
      </Button>
    </Space>
  );

  return (
    <>
      {notificationHolder}
      <Drawer
        open={open}
        onClose={onClose}
        title={
          item.data && !creating && isAdopted(consultation.status) ? (
            <Space size={8}>
              <span>{title}</span>
              <LightTag light={item.data.light} reasons={item.data.lightReasons} />
            </Space>
          ) : (
            title
          )
        }
        extra={showForm ? undefined : viewActions}
        size={760}
        destroyOnHidden
        data-testid="item-drawer"
        data-item-id={item.data && !creating ? String(item.data.id) : undefined}
      >
        {showForm ? (
          <ItemFormFields
            form={form}
            partyOrgIds={partyOrgIds}
            currentDomain={item.data?.domain}
            creating={creating}
            warnAgreement={!creating && consultation.status === 'negotiating'}
            agreedLocked={!creating && isAdopted(consultation.status)}
            actions={formActions}
          />
        ) : item.isError ? (
          <QueryErrorResult error={item.error} onRetry={() => void item.refetch()} />
        ) : item.data ? (
          <>
            <ItemDetails item={item.data} domainLabel={domainLabel} />
            <ItemLinksSection item={item.data} />
            <ItemSourceNeed consultationId={consultation.id} itemId={item.data.id} />
            <AgreementSection consultation={consultation} item={item.data} />
            <ItemProgrammeSection consultation={consultation} item={item.data} />
            {isAdopted(consultation.status) && <ItemMilestones consultation={consultation} item={item.data} />}
            {isAdopted(consultation.status) && <ItemReports consultation={consultation} item={item.data} />}
            {isAdopted(consultation.status) && <ItemNotices consultation={consultation} item={item.data} documentSlot={(id) => <NoticeDocumentButton noticeId={id} />} />}
            {isAdopted(consultation.status) && <ItemCompletion consultation={consultation} item={item.data} />}
            <ItemReminders consultation={consultation} item={item.data} />
            <ItemComments consultation={consultation} itemId={item.data.id} />
            {isAdopted(consultation.status) && <ItemChangeRequests consultation={consultation} item={item.data} />}
            <ItemHistory itemId={item.data.id} />
          </>
        ) : null}
      </Drawer>
    </>
  );
}

function ItemDetails({ item, domainLabel }: { item: Item; domainLabel: (v: string) => string }) {
  const items: DescriptionsProps['items'] = [
    { key: 'category', label: t('类别'), children: CATEGORY_LABEL[item.category] },
    { key: 'domain', label: t('领域'), children: domainLabel(item.domain) },
    { key: 'title', label: t('事项名称'), span: 2, children: item.title },
    {
      key: 'content',
      label: t('主要内容及目标'),
      span: 2,
      children: item.content ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{item.content}</Typography.Paragraph> : '—',
    },
    { key: 'lead', label: t('牵头单位'), span: 2, children: item.leadUnit ?? '—' },
    { key: 'co', label: t('配合单位'), span: 2, children: item.coUnits.length ? item.coUnits.join(t('、')) : '—' },
    { key: 'responsible', label: t('责任人'), children: <span data-testid="item-responsible">{item.responsible || '—'}</span> },
    { key: 'deadline', label: t('完成时限'), children: deadlineText(item) },
    { key: 'funding', label: t('资金'), children: formatWan(item.fundingWan) },
    { key: 'status', label: t('状态'), children: <ItemStatusTag status={item.status} /> },
    { key: 'progress', label: t('进度'), span: 2, children: <Progress percent={item.progress} size="small" style={{ maxWidth: 320 }} /> },
    { key: 'sort', label: t('序号（排序）'), children: item.sortOrder },
    { key: 'updated', label: t('最后更新'), children: chinaDateTime(item.updatedAt) },
  ];
  return <Descriptions column={2} bordered size="small" items={items} styles={{ label: { width: 110 } }} />;
}
