import { createContext, useContext, useMemo, type ReactNode } from 'react';
// The hook alone: antd's `message` export also carries the static API and its renderer.
import useMessage from 'antd/es/message/useMessage';
import type { MessageInstance } from 'antd/es/message/interface';

/**
 * The toasts every page shows (saved, refused…), in the providers' context so they get the theme.
 * antd's App would also bring its dialogs and notifications into the first download; the few
 * pages that confirm with a dialog (or notify) hold their own (Modal.useModal, notification.useNotification).
 */
const FeedbackContext = createContext<{ message: MessageInstance } | null>(null);

export function FeedbackProvider({ children }: { children: ReactNode }) {
  // Below a drawer's header: at the top, toasts covered its close button for their 3 s.
  const [message, holder] = useMessage({ top: 72 });
  const value = useMemo(() => ({ message }), [message]);
  return (
    <FeedbackContext value={value}>
      {holder}
      {children}
    </FeedbackContext>
  );
}

export function useFeedback(): { message: MessageInstance } {
  const value = useContext(FeedbackContext);
  if (!value) throw new Error('useFeedback outside FeedbackProvider');
  return value;
}
