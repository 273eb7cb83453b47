import { useState } from 'react';
import { Button, Flex, InputNumber, Select, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import type { Item } from '../../../domain/items.js';
import { PROGRAMME_LIMITS } from '../../../domain/programmes.js';
import { useShowApiError } from '../../app/use-api-error';
import { useAssignProgramme, useConsultationProgrammes, useItemProgramme } from './projects.api';
import { t } from '../../app/i18n';

/** 所属行动 in the item drawer: which programme the item counts toward, editable by the programme's host coordinators. */
export function ItemProgrammeSection({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const programmes = useConsultationProgrammes(consultation.id);
  const current = useItemProgramme(item.id);
  const assign = useAssignProgramme(item.id);
  // Keyed by the stored assignment: a fresh answer from the server resets the editor.
  const [draft, setDraft] = useState<{ key: string; choice: number | null; weight: number } | null>(null);
  const storedKey = `${current.data?.programmeId ?? ''}:${current.data?.weight ?? ''}`;
  const choice = draft?.key === storedKey ? draft.choice : (current.data?.programmeId ?? null);
  const weight = draft?.key === storedKey ? draft.weight : (current.data?.weight ?? 1);
  const setChoice = (c: number | null) => setDraft({ key: storedKey, choice: c, weight });
  const setWeight = (w: number) => setDraft({ key: storedKey, choice, weight: w });

  const list = programmes.data ?? [];
  const editable = list.filter((g) => g.canEdit);
  const currentName = list.find((g) => g.id === current.data?.programmeId)?.name;
  const canEdit = current.data?.canChange === true && editable.length > 0;
  const changed = choice !== (current.data?.programmeId ?? null) || (choice !== null && weight !== (current.data?.weight ?? 1));

  const save = () =>
    assign.mutate(
      { programmeId: choice, weight, fromProgrammeId: current.data?.programmeId ?? null },
      { onSuccess: () => void message.success(choice === null ? t('已移出行动') : t('已归入行动')), onError: (err) => showError(err) },
    );

  return (
    <section style={{ marginTop: 24 }} data-testid="item-programme">
      <Typography.Title level={5}>{t('所属行动')}</Typography.Title>
      {canEdit ? (
        <Flex gap={8} wrap align="center">
          <Select<number | null>
            style={{ width: 240 }}
            loading={programmes.isPending || current.isPending}
            value={choice}
            onChange={setChoice}
            options={[{ value: null, label: t('不归入行动') }, ...editable.map((g) => ({ value: g.id, label: t('{name}（{year}年）', { name: g.name, year: g.year }) }))]}
          />
          <span>{t('权重')}</span>
          <InputNumber<number>
            min={1}
            max={PROGRAMME_LIMITS.weightMax}
            precision={0}
            disabled={choice === null}
            value={weight}
            onChange={(v) => setWeight(v ?? 1)}
            style={{ width: 80 }}
          />
          <Button type="primary" disabled={!changed} loading={assign.isPending} onClick={save}>
            {t('保存')}
          </Button>
        </Flex>
      ) : (
        <Typography.Text>
          {currentName
            ? current.data?.weight && current.data.weight !== 1
              ? t('{name}（权重{weight}）', { name: currentName, weight: current.data.weight })
              : currentName
            : t('未归入行动')}
        </Typography.Text>
      )}
    </section>
  );
}
