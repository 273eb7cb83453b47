import { Tag, Tooltip } from 'antd';
import type { LightReason } from '../../../domain/lights.js';
import { LIGHT_LABEL } from '../../app/labels';
import type { Light } from '../../../domain/supervision.js';

const COLOR: Record<Light, string> = { green: 'success', yellow: 'warning', red: 'error', none: 'default' };

/** The warning light with its reasons on hover: a light never appears without saying why. */
export function LightTag({ light, reasons }: { light: Light; reasons: LightReason[] }) {
  const tip = reasons.length ? (
    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
      {reasons.map((r, i) => (
        <li key={i}>{r.message}</li>
      ))}
    </ul>
  ) : null;
  return (
    <Tooltip title={tip}>
      <Tag color={COLOR[light]} data-testid="light-tag" data-light={light} style={{ marginInlineEnd: 0 }}>
        {light !== 'none' && (
          <span aria-hidden style={{ marginInlineEnd: 4 }}>
            ●
          </span>
        )}
        {LIGHT_LABEL[light]}
      </Tag>
    </Tooltip>
  );
}
