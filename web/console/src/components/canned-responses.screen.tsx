import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CANNED_RESPONSES, CREATE_CANNED, DELETE_CANNED, UPDATE_CANNED } from '../api/graphql-documents';
import { errorMessage } from '../api/hub-error';
import type { CannedResponse, CannedResponseInput } from '../api/hub-types';
import { useStore } from '../state/use-store';
import { useConsole, useT } from './contexts';

const EMPTY: CannedResponseInput = { shortcut: '', title: '', text: '', shared: false };

/** Same rule as the hub: 1-40 of a-z 0-9 - _. */
const SHORTCUT = /^[a-z0-9_-]{1,40}$/;

/** List, search, create, edit and delete canned responses (shared ones: admins only). */
export function CannedResponsesScreen() {
  const t = useT();
  const session = useConsole();
  const { me } = useStore(session.agents);
  const isAdmin = me.role === 'ADMIN' || me.role === 'OWNER';
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ id: string | null; input: CannedResponseInput } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (query: string) => {
      try {
        const { cannedResponses } = await session.api.request<{ cannedResponses: CannedResponse[] }>(
          CANNED_RESPONSES,
          { search: query.trim() || null },
        );
        setItems(cannedResponses);
      } catch (e) {
        setError(errorMessage(e));
        setItems([]);
      }
    },
    [session],
  );

  useEffect(() => {
    const timer = setTimeout(() => void load(search), 200);
    return () => clearTimeout(timer);
  }, [load, search]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const input = { ...editing.input, shortcut: editing.input.shortcut.trim().toLowerCase() };
    if (!SHORTCUT.test(input.shortcut)) {
      setError(t('shortcutInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (editing.id) await session.api.request(UPDATE_CANNED, { id: editing.id, input });
      else await session.api.request(CREATE_CANNED, { input });
      setEditing(null);
      await load(search);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(item: CannedResponse) {
    if (!window.confirm(t('deleteCannedConfirm', { shortcut: item.shortcut }))) return;
    setError(null);
    try {
      await session.api.request(DELETE_CANNED, { id: item.id });
      await load(search);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const update = (patch: Partial<CannedResponseInput>) =>
    setEditing((current) => (current ? { ...current, input: { ...current.input, ...patch } } : current));

  return (
    <section className="page" aria-labelledby="canned-title">
      <header className="page__header">
        <h1 id="canned-title">{t('cannedResponses')}</h1>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ id: null, input: EMPTY })}
        >
          {t('newCanned')}
        </button>
      </header>
      <p className="muted">{t('cannedIntro')}</p>
      {editing && (
        <form
          className="card canned-form"
          onSubmit={(e) => void save(e)}
          aria-label={editing.id ? t('editCanned') : t('newCanned')}
        >
          <div className="canned-form__row">
            <label className="field">
              <span className="field__label">{t('shortcut')}</span>
              <input
                required
                value={editing.input.shortcut}
                onChange={(e) => update({ shortcut: e.target.value })}
                pattern="[a-zA-Z0-9_\-]{1,40}"
                dir="ltr"
                autoFocus
              />
              <span className="field__hint">{t('shortcutHint')}</span>
            </label>
            <label className="field">
              <span className="field__label">{t('title')}</span>
              <input
                required
                value={editing.input.title}
                onChange={(e) => update({ title: e.target.value })}
              />
            </label>
          </div>
          <label className="field">
            <span className="field__label">{t('text')}</span>
            <textarea
              required
              rows={4}
              value={editing.input.text}
              onChange={(e) => update({ text: e.target.value })}
            />
          </label>
          {isAdmin && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={editing.input.shared}
                onChange={(e) => update({ shared: e.target.checked })}
              />
              <span>{t('sharedWithTeam')}</span>
            </label>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setEditing(null)}>
              {t('cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('save')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <label className="field field--compact page__search">
        <span className="field__label">{t('searchCanned')}</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {items === null ? (
        <p className="empty">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('noCannedMatch')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('shortcut')}</th>
              <th scope="col">{t('title')}</th>
              <th scope="col">{t('text')}</th>
              <th scope="col">{t('visibility')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td dir="ltr">/{item.shortcut}</td>
                <td>{item.title}</td>
                <td className="table__text">{item.text}</td>
                <td>{item.shared ? t('shared') : t('personal')}</td>
                <td className="table__actions">
                  {(!item.shared || isAdmin) && (
                    <>
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t('editNamed', { name: item.shortcut })}
                        onClick={() =>
                          setEditing({
                            id: item.id,
                            input: {
                              shortcut: item.shortcut,
                              title: item.title,
                              text: item.text,
                              shared: item.shared,
                            },
                          })
                        }
                      >
                        {t('edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--link button--danger"
                        aria-label={t('deleteNamed', { name: item.shortcut })}
                        onClick={() => void remove(item)}
                      >
                        {t('delete')}
                      </button>
                    </>
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
