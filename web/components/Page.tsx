import type { ReactNode } from 'react';
import { Flex } from 'antd';
import { Heading } from './Text';

interface PageProps {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}

/** The common frame of a screen: a heading line with its actions, then the content. */
export function Page({ title, subTitle, extra, children }: PageProps) {
  return (
    <div className="page">
      <Flex className="page-head" justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Heading level={4} style={{ margin: 0 }}>
            {title}
          </Heading>
          {subTitle && <div className="page-subtitle">{subTitle}</div>}
        </div>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
      {children}
    </div>
  );
}
