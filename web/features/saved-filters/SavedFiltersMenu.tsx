import { useState } from 'react';
import { Button, Checkbox, Dropdown, Form, Input, Modal, Popconfirm, Space, Tag, Tooltip, message, type MenuProps } from 'antd';
import { DeleteOutlined, FilterOutlined, ShareAltOutlined } from '@ant-design/icons';
import { SAVED_FILTER_NAME_MAX, type FilterPage, type SavedFilter } from '../../../domain/saved-filters.js';
import { t } from '../../app/i18n';
import { isApiError } from '../../app/api-client';
import { useSavedFilterMutations, useSavedFilters } from './saved-filters.api';

/**
 * 常用筛选 beside a page's filters: save the current set under a name (optionally shared with one's
 * organisation), apply a saved one, share or delete one's own. Shared ones from colleagues are marked.
 */
export function SavedFiltersMenu({
  page,
  consultationId,
  current,
  onApply,
}: {
  page: FilterPage;
  consultationId: number | null;
  /** The page's filters as text, the way the saved filter keeps them. */
  current: Record<string, string>;
  onApply: (filters: Record<string, string>) => void;
}) {
  const list = useSavedFilters(page, consultationId);
  const m = useSavedFilterMutations(page, consultationId);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string; shared: boolean }>();

  const save = async () => {
    const v = await form.validateFields();
    m.create.mutate(
      { name: v.name, shared: Boolean(v.shared), filters: current },
      {
        onSuccess: () => {
          setSaving(false);
          form.resetFields();
          void message.success(t('已保存筛选'));
        },
        onError: (e) => void message.error(isApiError(e) ? e.message : t('保存失败，请稍后重试')),
      },
    );
  };

  const label = (f: SavedFilter) => (
    <Space size={4} data-testid="saved-filter" data-name={f.name}>
      <span onClick={() => onApply(f.filters)}>{f.name}</span>
      {f.shared && <Tag color="blue">{f.mine ? t('已共享') : t('{owner}共享', { owner: f.ownerName })}</Tag>}
      {f.mine && (
        <>
          <Tooltip title={f.shared ? t('取消共享') : t('共享给本单位')}>
            <Button
              size="small"
              type="text"
              icon={<ShareAltOutlined />}
              aria-label={f.shared ? t('取消共享') : t('共享给本单位')}
              onClick={() => m.share.mutate({ id: f.id, shared: !f.shared })}
            />
          </Tooltip>
          <Popconfirm title={t('删除这个常用筛选？')} onConfirm={() => m.remove.mutate(f.id)}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('删除')} />
          </Popconfirm>
        </>
      )}
    </Space>
  );

  const items: MenuProps['items'] = [
    { key: 'save', label: t('保存当前筛选'), onClick: () => setSaving(true) },
    ...((list.data ?? []).length ? [{ type: 'divider' as const }] : []),
    ...(list.data ?? []).map((f) => ({ key: `f-${f.id}`, label: label(f) })),
  ];

  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<FilterOutlined />} data-testid="saved-filters">
          {t('常用筛选')}
        </Button>
      </Dropdown>
      <Modal
        open={saving}
        title={t('保存当前筛选')}
        okText={t('保存')}
        onOk={() => void save()}
        confirmLoading={m.create.isPending}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('名称')} rules={[{ required: true, whitespace: true, message: t('请填写名称') }, { max: SAVED_FILTER_NAME_MAX }]}>
            <Input maxLength={SAVED_FILTER_NAME_MAX} data-testid="saved-filter-name" />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t('共享给本单位的同事')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
