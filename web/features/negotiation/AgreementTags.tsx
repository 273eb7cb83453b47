import { Flex, Tag, Tooltip } from 'antd';
import { SIDES, type Agreement, type AgreementMark, type Side } from '../../../domain/negotiation.js';
import { SIDE_SHORT_LABEL } from './negotiation-model';
import { t } from '../../app/i18n';

/** What a mark says, in words and colour: agreed, disagreed, or not yet marked. */
export function markState(mark: AgreementMark | null): { text: string; color: string } {
  if (!mark) return { text: t('未确认'), color: 'default' };
  return mark.agreed ? { text: t('同意'), color: 'success' } : { text: t('不同意'), color: 'error' };
}

function MarkTag({ side, mark }: { side: Side; mark: AgreementMark | null }) {
  const state = markState(mark);
  const tag = (
    <Tag color={state.color} variant="filled" style={{ marginInlineEnd: 0 }} data-testid={`agreement-${side}`} data-state={state.text}>
      {SIDE_SHORT_LABEL[side]} {mark?.agreed ? '✓' : state.text}
    </Tag>
  );
  return mark?.note ? <Tooltip title={mark.note}>{tag}</Tooltip> : tag;
}

/** Both sides' marks on one ledger row, compactly. */
export function AgreementTags({ agreement }: { agreement: Agreement }) {
  return (
    <Flex vertical gap={4} align="flex-start">
      {SIDES.map((s) => (
        <MarkTag key={s} side={s} mark={agreement[s]} />
      ))}
    </Flex>
  );
}
