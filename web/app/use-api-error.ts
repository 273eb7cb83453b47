import { useCallback } from 'react';
import { type FormInstance } from 'antd';
import { useFeedback } from './feedback';
import { applyProblems, serverProblems } from '../components/form-errors';
import { isApiError } from './api-client';
import { t } from './i18n';

export interface FormTarget {
  form: FormInstance;
  fields: readonly string[];
  /** Server field → form field, e.g. `leadUnit` → `leadUnitId`. */
  aliases?: Record<string, string>;
}

/**
 * Shows a failed call to the user: the server's Chinese message, with validation details put on
 * the form fields they name. 401s are handled by the shell (back to login), so they stay quiet here.
 */
export function useShowApiError() {
  const { message } = useFeedback();
  return useCallback(
    (err: unknown, target?: FormTarget) => {
      if (!isApiError(err)) {
        void message.error(t('操作失败，请稍后重试'));
        return;
      }
      if (err.status === 401) return;
      const details = err.fieldErrors;
      if (target && details.length) {
        const rest = applyProblems(target.form, serverProblems(details, target.aliases), target.fields);
        if (rest.length === 0) {
          // The envelope's message names the raw field path; the red field says it better.
          void message.error(err.code === 'VALIDATION_FAILED' ? t('提交的内容未通过校验，请检查标红的字段') : err.message);
          return;
        }
      }
      void message.error(err.message);
    },
    [message],
  );
}
