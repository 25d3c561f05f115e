import { useState, type FormEvent } from 'react';
import { DELETE_TAG, RENAME_TAG, TAG_USAGE } from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { TagUsage } from '../../api/hub-types';
import { useConsole } from '../contexts';
import { useAdminT as useT } from './use-admin-t';
import { FormError } from './copy-field';
import { useHubQuery } from './use-hub-query';

/** Same rule as the hub (conversation-tags.policy.ts): 1-40 of a-z 0-9 - _, after trimming and lowercasing. */
const TAG = /^[a-z0-9_-]{1,40}$/;

/** Admins: every tag with how many conversations carry it; rename (merging) or delete workspace-wide. */
export function TagsScreen() {
  const t = useT();
  const session = useConsole();
  const list = useHubQuery<{ tagUsage: TagUsage[] }>(TAG_USAGE);
  const tags = list.data?.tagUsage ?? null;
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      await list.reload();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function rename(e: FormEvent) {
    e.preventDefault();
    if (!renaming) return;
    const to = renaming.to.trim().toLowerCase();
    if (!TAG.test(to)) return setError(t('tagInvalid'));
    const merging = to !== renaming.from && tags?.some((tag) => tag.name === to);
    if (merging && !window.confirm(t('mergeTagConfirm', { from: renaming.from, to }))) return;
    if (await run(() => session.api.request(RENAME_TAG, { from: renaming.from, to }))) setRenaming(null);
  }

  async function remove(tag: TagUsage) {
    if (!window.confirm(t('deleteTagConfirm', { tag: tag.name, count: tag.conversations }))) return;
    await run(() => session.api.request(DELETE_TAG, { name: tag.name }));
  }

  return (
    <section className="page" aria-labelledby="tags-title">
      <header className="page__header">
        <h1 id="tags-title">{t('tags')}</h1>
      </header>
      <p className="muted">{t('tagsIntro')}</p>
      <FormError message={error ?? list.error} />
      {tags === null ? (
        <p className="empty">{t('loading')}</p>
      ) : tags.length === 0 ? (
        <p className="empty">{t('noTags')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('tag')}</th>
              <th scope="col">{t('conversationsCount')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((tag) => (
              <tr key={tag.name}>
                <td dir="ltr">
                  {renaming?.from === tag.name ? (
                    <form id={`rename-${tag.name}`} onSubmit={(e) => void rename(e)}>
                      <input
                        aria-label={t('newNameFor', { name: tag.name })}
                        autoFocus
                        required
                        value={renaming.to}
                        onChange={(e) => setRenaming({ ...renaming, to: e.target.value })}
                      />
                    </form>
                  ) : (
                    <span className="tag">{tag.name}</span>
                  )}
                </td>
                <td>{tag.conversations}</td>
                <td className="table__actions">
                  {/* Keys: a reused button would take type="submit" during the click that renders it, and submit. */}
                  {renaming?.from === tag.name ? (
                    <span key="renaming" className="inline-actions">
                      <button
                        type="submit"
                        form={`rename-${tag.name}`}
                        className="button button--link"
                        disabled={busy}
                      >
                        {t('save')}
                      </button>
                      <button type="button" className="button button--link" onClick={() => setRenaming(null)}>
                        {t('cancel')}
                      </button>
                    </span>
                  ) : (
                    <span key="idle" className="inline-actions">
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t('renameNamed', { name: tag.name })}
                        onClick={() => setRenaming({ from: tag.name, to: tag.name })}
                      >
                        {t('rename')}
                      </button>
                      <button
                        type="button"
                        className="button button--link button--danger"
                        aria-label={t('deleteNamed', { name: tag.name })}
                        disabled={busy}
                        onClick={() => void remove(tag)}
                      >
                        {t('delete')}
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
