import type { ReactNode } from 'react';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Row, Select, Slider, Switch, type FormInstance } from 'antd';
import { LIMITS } from '../../../domain/common.js';
import { CATEGORIES, ITEM_STATUSES } from '../../../domain/items.js';
import { CATEGORY_LABEL, ITEM_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { OrgTreeSelect } from '../organisations/OrgTreeSelect';
import type { ItemFormValues } from './item-form';
import { clearErrorsOnChange } from '../../components/form-errors';

interface Props {
  form: FormInstance<ItemFormValues>;
  /** The consultation's parties: the unit pickers open at their branches. */
  partyOrgIds: number[];
  /** The domain the item already has, kept selectable even if it was disabled since. */
  currentDomain?: string;
  creating: boolean;
  /** Negotiation: changing an agreed field clears both sides' marks. */
  warnAgreement: boolean;
  /** Adopted: the agreed fields change only through a change request. */
  agreedLocked: boolean;
  /** Cancel/save, kept inside the form so they belong to it (and to tests that look for them there). */
  actions: ReactNode;
}

/** The item's fields; validation is done on submit with the domain schemas (see item-form.ts). */
export function ItemFormFields({ form, partyOrgIds, currentDomain, creating, warnAgreement, agreedLocked, actions }: Props) {
  const dict = useDomainDictionary();
  const ongoing = Form.useWatch('ongoing', form);
  const domainOptions = (dict.data ?? [])
    .filter((d) => d.enabled || d.value === currentDomain)
    .map((d) => ({ value: d.value, label: d.enabled ? d.label : t('{label}（已停用）', { label: d.label }) }));

  return (
    <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="item-form" requiredMark>
      {agreedLocked ? (
        <Alert type="info" showIcon title={t('清单已议定，议定内容须通过调整申请修改')} style={{ marginBottom: 16 }} data-testid="agreed-locked-hint" />
      ) : (
        warnAgreement && <Alert type="warning" showIcon title={t('修改议定字段将清除双方的同意标记')} style={{ marginBottom: 16 }} data-testid="agreement-clear-warning" />
      )}
      <Form.Item name="title" label={t('事项名称')} required>
        <Input maxLength={LIMITS.titleMax} showCount disabled={agreedLocked} />
      </Form.Item>
      <Form.Item name="content" label={t('主要内容及目标')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={LIMITS.contentMax} showCount disabled={agreedLocked} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="category" label={t('类别')} required>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} disabled={agreedLocked} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="domain" label={t('领域')} required>
            <Select options={domainOptions} loading={dict.isPending} placeholder={t('选择领域')} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="leadUnitId" label={t('牵头单位')}>
        <OrgTreeSelect placeholder={t('选择牵头单位')} expandTo={partyOrgIds} disabled={agreedLocked} />
      </Form.Item>
      <Form.Item name="coUnitIds" label={t('配合单位')}>
        <OrgTreeSelect multiple placeholder={t('选择配合单位（可多选）')} expandTo={partyOrgIds} disabled={agreedLocked} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="responsible" label={t('责任人')}>
            <Input maxLength={LIMITS.shortTextMax} placeholder={t('姓名及职务')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="fundingWan" label={t('资金（万元）')}>
            <InputNumber<number> min={0} max={LIMITS.fundingWanMax} step={1} style={{ width: '100%' }} placeholder={t('无资金可不填')} disabled={agreedLocked} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="ongoing" label={t('长期/持续推进')} valuePropName="checked">
            <Switch
              checkedChildren={t('长期')}
              unCheckedChildren={t('有时限')}
              disabled={agreedLocked}
              onChange={(checked) => {
                if (checked) form.setFieldValue('deadline', null);
              }}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="deadline" label={t('完成时限')} extra={ongoing ? t('长期推进的事项不设完成时限') : undefined}>
            <DatePicker style={{ width: '100%' }} disabled={agreedLocked || Boolean(ongoing)} placeholder={t('选择日期')} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="status" label={t('状态')} required>
            <Select options={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABEL[s] }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="sortOrder" label={t('序号（排序）')} extra={creating ? t('留空则排在本类最后') : undefined}>
            <InputNumber<number> min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="progress" label={t('进度（%）')}>
        <Slider min={0} max={100} marks={{ 0: '0', 50: '50', 100: '100' }} />
      </Form.Item>
      <div className="item-form-actions">{actions}</div>
    </Form>
  );
}
