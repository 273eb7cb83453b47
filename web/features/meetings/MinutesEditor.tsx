import { useEffect, useRef } from 'react';
import { Button, Flex, Tooltip } from 'antd';
import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { t } from '../../app/i18n';

interface Props {
  value?: string;
  onChange?: (html: string) => void;
  /** The same editor writes progress reports; they name it for themselves. */
  ariaLabel?: string;
  testId?: string;
}

const COMMANDS = [
  { cmd: 'bold', title: t('加粗'), icon: <BoldOutlined /> },
  { cmd: 'italic', title: t('倾斜'), icon: <ItalicOutlined /> },
  { cmd: 'insertUnorderedList', title: t('项目符号'), icon: <UnorderedListOutlined /> },
  { cmd: 'insertOrderedList', title: t('编号'), icon: <OrderedListOutlined /> },
] as const;

/**
 * A small rich-text box for the minutes: paragraphs, bold, italic and lists. What it produces is
 * only a suggestion; the server keeps a safe subset and the detail view shows what the server kept.
 */
export function MinutesEditor({ value = '', onChange, ariaLabel = t('会议纪要'), testId = 'meeting-minutes-editor' }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Only when the value comes from outside (opening the form), so typing keeps the caret.
    if (ref.current && ref.current.innerHTML !== value) ref.current.innerHTML = value;
    // Start inside a paragraph, so the first line is one too and not a bare text node.
    if (ref.current && !value && !ref.current.innerHTML) ref.current.innerHTML = '<p><br></p>';
  }, [value]);

  const emit = () => onChange?.(ref.current?.innerHTML ?? '');
  const run = (cmd: string) => {
    ref.current?.focus();
    document.execCommand(cmd);
    emit();
  };

  return (
    <div style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <Flex gap={4} style={{ padding: 4, borderBottom: '1px solid #f0f0f0' }}>
        {COMMANDS.map((c) => (
          <Tooltip key={c.cmd} title={c.title}>
            <Button size="small" type="text" icon={c.icon} aria-label={c.title} onMouseDown={(e) => e.preventDefault()} onClick={() => run(c.cmd)} />
          </Tooltip>
        ))}
      </Flex>
      <div
        ref={ref}
        contentEditable
        role="textbox"
        aria-multiline
        aria-label={ariaLabel}
        data-testid={testId}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={emit}
        onBlur={emit}
        style={{ minHeight: 160, maxHeight: 360, overflowY: 'auto', padding: '8px 11px', outline: 'none' }}
      />
    </div>
  );
}
