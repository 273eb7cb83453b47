import { Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import type { ComparedField, Comparison, SnapshotItem } from '../../../domain/negotiation.js';
import { COMPARED_FIELD_LABEL } from './negotiation-model';
import { fieldText, itemSummary } from './compare-format';
import { t } from '../../app/i18n';

type DomainLabel = (v: string) => string;

/** One side of a changed item: its title for orientation, then the fields that changed. */
function Side({
  item,
  fields,
  changed,
  tone,
  domainLabel,
}: {
  item: SnapshotItem;
  fields: ComparedField[];
  changed: Set<ComparedField>;
  tone: 'before' | 'after';
  domainLabel: DomainLabel;
}) {
  return (
    <div className={`compare-side compare-${tone}`}>
      {fields.map((f) => (
        <div key={f} className={changed.has(f) ? 'compare-field compare-field-changed' : 'compare-field'} data-field={f}>
          <span className="compare-field-label">{COMPARED_FIELD_LABEL[f]}</span>
          <span className="compare-field-value">{fieldText(f, item[f], domainLabel)}</span>
        </div>
      ))}
    </div>
  );
}

function ChangedItem({ change, domainLabel }: { change: Comparison['changed'][number]; domainLabel: DomainLabel }) {
  const changed = new Set(change.fields.map((f) => f.field));
  // The title always shows, so a row says which item it is even when only its funding changed.
  const fields: ComparedField[] = ['title', ...change.fields.map((f) => f.field).filter((f) => f !== 'title')];
  return (
    <Row gutter={12} className="compare-row" data-testid="changed-item" data-item-id={change.after.id}>
      <Col span={12}>
        <Side item={change.before} fields={fields} changed={changed} tone="before" domainLabel={domainLabel} />
      </Col>
      <Col span={12}>
        <Side item={change.after} fields={fields} changed={changed} tone="after" domainLabel={domainLabel} />
      </Col>
    </Row>
  );
}

function AddedOrRemoved({ item, kind }: { item: SnapshotItem; kind: 'added' | 'removed' }) {
  return (
    <div className={`compare-whole compare-whole-${kind}`} data-testid={kind === 'added' ? 'added-item' : 'removed-item'}>
      <Tag color={kind === 'added' ? 'success' : 'error'}>{kind === 'added' ? t('新增') : t('删除')}</Tag>
      <Typography.Text strong delete={kind === 'removed'}>
        {item.title}
      </Typography.Text>
      <div className="compare-whole-summary">{itemSummary(item)}</div>
    </div>
  );
}

/** The differences between two versions of the list, side by side. */
export function CompareResult({ comparison: c, domainLabel }: { comparison: Comparison; domainLabel: DomainLabel }) {
  const none = c.added.length + c.removed.length + c.changed.length === 0;
  return (
    <div data-testid="compare-result">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Tag color="success">{t('新增 {n} 项', { n: c.added.length })}</Tag>
        <Tag color="error">{t('删除 {n} 项', { n: c.removed.length })}</Tag>
        <Tag color="warning">{t('修改 {n} 项', { n: c.changed.length })}</Tag>
      </Flex>
      {none && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('两个版本的清单内容相同')} />}
      {c.changed.length > 0 && (
        <>
          <Row gutter={12} className="compare-head">
            <Col span={12}>{t('修改前 · {label}', { label: c.from.label })}</Col>
            <Col span={12}>{t('修改后 · {label}', { label: c.to.label })}</Col>
          </Row>
          {c.changed.map((ch) => (
            <ChangedItem key={ch.after.id} change={ch} domainLabel={domainLabel} />
          ))}
        </>
      )}
      {c.added.map((i) => (
        <AddedOrRemoved key={`a${i.id}`} item={i} kind="added" />
      ))}
      {c.removed.map((i) => (
        <AddedOrRemoved key={`r${i.id}`} item={i} kind="removed" />
      ))}
      {!none && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="compare-unchanged">
          {t('其余 {n} 项未变化', { n: c.unchanged })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
