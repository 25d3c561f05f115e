import type { CannedResponse } from '../api/hub-types';
import { useT } from './contexts';

interface CannedPopupProps {
  id: string;
  items: readonly CannedResponse[];
  active: number;
  loading: boolean;
  onPick(item: CannedResponse): void;
  onHover(index: number): void;
}

/** The `/` suggestions under the composer; the textarea keeps the focus (aria-activedescendant). */
export function CannedPopup({ id, items, active, loading, onPick, onHover }: CannedPopupProps) {
  const t = useT();
  return (
    <div className="canned-popup">
      {items.length === 0 ? (
        <p className="canned-popup__empty" role="status">
          {loading ? t('loading') : t('noCannedMatch')}
        </p>
      ) : (
        <ul id={id} role="listbox" aria-label={t('cannedResponses')} className="canned-popup__list">
          {items.map((item, index) => (
            <li
              key={item.id}
              id={`${id}-${index}`}
              role="option"
              aria-selected={index === active}
              className="canned-popup__item"
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus in the composer
                onPick(item);
              }}
              onMouseEnter={() => onHover(index)}
            >
              <span className="canned-popup__shortcut" dir="ltr">
                /{item.shortcut}
              </span>
              <span className="canned-popup__title">{item.title}</span>
              <span className="canned-popup__text">{item.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
