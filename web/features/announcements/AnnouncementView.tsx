import { useEffect } from 'react';
import { Flex, Modal, Tag, Typography } from 'antd';
import type { Announcement } from '../../../domain/announcements.js';
import { chinaDateTime } from '../../../domain/dates.js';
import { ANNOUNCEMENT_KIND_LABEL, ANNOUNCEMENT_STATUS_LABEL, ROLE_LABEL } from '../../app/labels';
import { LoadingLines } from '../../components/Callout';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useAnnouncement, useAnnouncementMutations } from './announcements.api';
import { t } from '../../app/i18n';

/** Whom a notice is addressed to, in words: "旺苍县、苍溪县 · 县联络员、承办人". */
export function audienceText(a: Announcement): string {
  const orgs = a.audience.orgs.length ? a.audience.orgs.map((o) => o.name).join('、') : t('本辖区全部单位');
  const roles = a.audience.roles.length ? a.audience.roles.map((r) => ROLE_LABEL[r]).join('、') : t('全部角色');
  return `${orgs} · ${roles}`;
}

/** The notice as its reader sees it; opening it counts as reading it (the office's receipt). */
export function AnnouncementView({ id, onClose }: { id: number | null; onClose: () => void }) {
  const q = useAnnouncement(id);
  const { markRead } = useAnnouncementMutations();
  const a = q.data;
  const unread = a && a.status === 'published' && a.received && a.readAt === null;
  useEffect(() => {
    if (unread) markRead.mutate(a.id);
    // Once per opened notice: the mutation object changes identity on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a?.id, unread]);

  return (
    <Modal open={id !== null} onCancel={onClose} footer={null} width={720} title={a?.title ?? t('通知公告')} destroyOnHidden>
      {q.isError ? (
        <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : !a ? (
        <LoadingLines />
      ) : (
        <article data-testid="announcement-view">
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <Tag>{ANNOUNCEMENT_KIND_LABEL[a.kind]}</Tag>
            {a.status !== 'published' && <Tag color="orange">{ANNOUNCEMENT_STATUS_LABEL[a.status]}</Tag>}
            <Typography.Text type="secondary">
              {a.org.name} · {a.author.name} · {a.publishedAt ? t('发布于 {at}', { at: chinaDateTime(a.publishedAt) }) : t('最后修改 {at}', { at: chinaDateTime(a.updatedAt) })}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.8 }} data-testid="announcement-body">
            {a.body}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('发送范围：{audience}', { audience: audienceText(a) })}</Typography.Text>
        </article>
      )}
    </Modal>
  );
}
