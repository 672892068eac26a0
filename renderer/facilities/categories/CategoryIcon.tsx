import { FACILITY_ICONS, isFacilityIcon } from '../../../shared/facilities.ts';

/** A category's icon from the locally shipped path data (shared/facilities.ts); unknown names draw a dot. */
export function CategoryIcon({ icon, color, size = 20 }: { icon: string | null; color: string; size?: number }) {
  const path = FACILITY_ICONS[icon && isFacilityIcon(icon) ? icon : 'punkt'];
  return (
    <svg className="category-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path} fill={color} fillRule="evenodd" />
    </svg>
  );
}
