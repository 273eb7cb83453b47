import type { ComponentProps } from 'react';
import { Button } from 'antd';
import { useNavigate } from 'react-router';

/** An antd Button that navigates inside the app (no <a><button> nesting). */
export function LinkButton({ to, ...rest }: { to: string } & Omit<ComponentProps<typeof Button>, 'href' | 'onClick'>) {
  const navigate = useNavigate();
  return <Button {...rest} onClick={() => void navigate(to)} />;
}
