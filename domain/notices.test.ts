import { describe, expect, it } from 'vitest';
import { formatNoticeNumber, noticeNumber, noticePrefix } from './notices.js';

describe('notice numbers', () => {
  it('derives the 发文机关代字 from the host organisation’s name', () => {
    expect(noticePrefix('广元市科学技术局')).toBe('广科督');
    expect(noticePrefix('旺苍县科学技术局')).toBe('旺科督');
    expect(noticePrefix('广元市人民政府')).toBe('广府督');
    expect(noticePrefix('广元市农业农村局')).toBe('广农督');
    expect(noticePrefix('四川省科学技术厅')).toBe('四科督');
    expect(noticePrefix('科技园')).toBe('科技督');
  });

  it('prints the number as official documents do', () => {
    expect(formatNoticeNumber('广科督', 2025, 3)).toBe('广科督〔2025〕3号');
    expect(noticeNumber('广元市科学技术局', 2025, 3)).toBe('广科督〔2025〕3号');
    expect(noticeNumber('广元市科学技术局', null, null)).toBeNull();
  });
});
