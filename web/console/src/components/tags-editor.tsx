import { useId, useState, type KeyboardEvent } from 'react';
import { SET_TAGS } from '../api/graphql-documents';
import { errorMessage } from '../api/hub-error';
import type { ConversationSummary } from '../api/hub-types';
import { useConsole, useT } from './contexts';
import { useWorkspaceTags } from './use-tags';

/** What the hub accepts: 1-40 of a-z 0-9 - _ once trimmed and lowercased. */
export function normalizeTag(input: string): string | null {
  const tag = input.trim().toLowerCase();
  return /^[a-z0-9_-]{1,40}$/.test(tag) ? tag : null;
}

/** The conversation's tags: remove with ×, add by typing (workspace tags are suggested). */
export function TagsEditor({ conversationId, tags }: { conversationId: string; tags: string[] }) {
  const t = useT();
  const session = useConsole();
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const suggestions = useWorkspaceTags(tags.join(','));
  const listId = useId();

  async function save(next: string[]) {
    setSaving(true);
    setError(null);
    const stamp = session.directory.stamp();
    try {
      const { setConversationTags } = await session.api.request<{ setConversationTags: ConversationSummary }>(
        SET_TAGS,
        { conversationId, tags: next },
      );
      session.directory.apply(setConversationTags, stamp);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  function add() {
    const tag = normalizeTag(input);
    if (!tag) {
      if (input.trim()) setError(t('tagInvalid'));
      return;
    }
    setInput('');
    if (!tags.includes(tag)) void save([...tags, tag]);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    }
  }

  return (
    <div className="tags-editor">
      <span className="tags-editor__label" id={`${listId}-label`}>
        {t('tags')}
      </span>
      <ul className="tags-editor__list" aria-labelledby={`${listId}-label`}>
        {tags.map((tag) => (
          <li key={tag} className="tag tag--removable">
            {tag}
            <button
              type="button"
              className="tag__remove"
              aria-label={t('removeTag', { tag })}
              disabled={saving}
              onClick={() => void save(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        className="tags-editor__input"
        value={input}
        list={listId}
        placeholder={t('addTag')}
        aria-label={t('addTag')}
        onChange={(e) => {
          setInput(e.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
        disabled={saving}
        dir="ltr"
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !tags.includes(s))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
