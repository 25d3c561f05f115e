import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { uploadFile } from '../api/file-upload';
import { CANNED_RESPONSES, SET_TYPING } from '../api/graphql-documents';
import { errorMessage } from '../api/hub-error';
import type { CannedResponse, UploadedFile } from '../api/hub-types';
import { findCannedTrigger, insertCanned, type CannedTrigger } from '../composer/canned-trigger';
import { TypingSender } from '../composer/typing-sender';
import { CannedPopup } from './canned-popup';
import { useConsole, useT } from './contexts';

interface Upload {
  key: string;
  name: string;
  state: 'uploading' | 'ready' | 'failed';
  file: UploadedFile | null;
  error: string | null;
}

/**
 * Replies and private notes. Enter sends, Shift+Enter starts a new line; `/` opens canned
 * responses; the visitor sees "typing" for replies (never for notes). A resolved chat takes notes
 * only; while the channel's reply window is closed (`replyBlocked`) a reply cannot be sent but a
 * note can. Unsent text is kept per chat while the console is open, and given back when the
 * window closed on the way (REPLY_WINDOW_CLOSED).
 */
export function Composer({
  conversationId,
  resolved,
  replyBlocked = false,
}: {
  conversationId: string;
  resolved: boolean;
  replyBlocked?: boolean;
}) {
  const t = useT();
  const session = useConsole();
  const [text, setText] = useState(() => session.drafts.get(conversationId) ?? '');
  const [noteMode, setNoteMode] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [trigger, setTrigger] = useState<CannedTrigger | null>(null);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [cannedLoading, setCannedLoading] = useState(false);
  const [active, setActive] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);
  const mounted = useRef(true);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const popupId = useId();
  const isNote = noteMode || resolved;
  const sendBlocked = replyBlocked && !isNote;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const typing = useMemo(
    () =>
      new TypingSender((on) => {
        void session.api.request(SET_TYPING, { conversationId, typing: on }).catch(() => undefined);
      }),
    [session, conversationId],
  );
  useEffect(() => () => typing.stop(), [typing]);

  useEffect(() => {
    session.drafts.set(conversationId, text);
  }, [session, conversationId, text]);

  useEffect(() => {
    const offFocus = session.commands.on('focusComposer', () => textarea.current?.focus());
    const offNote = session.commands.on('toggleNote', () => {
      setNoteMode((on) => !on);
      textarea.current?.focus();
    });
    return () => {
      offFocus();
      offNote();
    };
  }, [session]);

  // Canned responses matching what follows the `/`, fetched as the agent types.
  const query = trigger?.query ?? null;
  useEffect(() => {
    if (query === null) return;
    let live = true;
    setCannedLoading(true);
    const timer = setTimeout(() => {
      session.api
        .request<{ cannedResponses: CannedResponse[] }>(CANNED_RESPONSES, { search: query || null })
        .then((r) => {
          if (!live) return;
          setCanned(r.cannedResponses.slice(0, 8));
          setActive(0);
        })
        .catch(() => live && setCanned([]))
        .finally(() => live && setCannedLoading(false));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, query]);

  function onChange(e: ChangeEvent<HTMLTextAreaElement>) {
    const value = e.target.value;
    setText(value);
    setTrigger(findCannedTrigger(value, e.target.selectionStart ?? value.length));
    if (!isNote) typing.input(value);
  }

  function pick(item: CannedResponse) {
    if (!trigger) return;
    const next = insertCanned(text, trigger, item.text);
    setText(next.text);
    setTrigger(null);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  function send() {
    const body = text.trim();
    const ready = uploads.filter((u) => u.state === 'ready' && u.file).map((u) => u.file as UploadedFile);
    if (uploads.some((u) => u.state === 'uploading')) return;
    if (!body && ready.length === 0) return;
    if (sendBlocked) return;
    typing.stop();
    const sentUploads = uploads;
    void session.openChat.send(body, isNote, ready).then((refused) => {
      if (!refused) return;
      // Nothing was stored: the text comes back (the chat may have changed meanwhile).
      if (!mounted.current) {
        if (!session.drafts.get(conversationId)) session.drafts.set(conversationId, body);
        return;
      }
      setText((current) => current || body);
      setUploads((current) => (current.length ? current : sentUploads));
      setRefusal(refused.message);
    });
    setText('');
    setUploads([]);
    setTrigger(null);
    setRefusal(null);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (trigger && canned.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + canned.length) % canned.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(canned[active]);
        return;
      }
    }
    if (trigger && e.key === 'Escape') {
      e.preventDefault();
      setTrigger(null);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      send();
    }
  }

  async function onFiles(e: ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    const token = session.session.token;
    for (const file of files) {
      const key = crypto.randomUUID();
      setUploads((list) => [...list, { key, name: file.name, state: 'uploading', file: null, error: null }]);
      try {
        const uploaded = await uploadFile(file, token);
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, state: 'ready', file: uploaded } : u)));
      } catch (err) {
        setUploads((list) =>
          list.map((u) => (u.key === key ? { ...u, state: 'failed', error: errorMessage(err) } : u)),
        );
      }
    }
  }

  const showPopup = trigger !== null;
  return (
    <form
      className={`composer${isNote ? ' composer--note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {showPopup && (
        <CannedPopup
          id={popupId}
          items={canned}
          active={active}
          loading={cannedLoading}
          onPick={pick}
          onHover={setActive}
        />
      )}
      {resolved && <p className="composer__hint">{t('resolvedNotesOnly')}</p>}
      {refusal && (
        <p className="form-error composer__refusal" role="alert">
          {t('replyWindowRefused', { reason: refusal })}
        </p>
      )}
      {sendBlocked && (
        <p id={`${popupId}-blocked`} className="composer__hint">
          {t('replyWindowNotesOnly')}
        </p>
      )}
      {uploads.length > 0 && (
        <ul className="composer__uploads" aria-label={t('attachments')}>
          {uploads.map((u) => (
            <li key={u.key} className={`upload upload--${u.state}`}>
              <bdi>{u.name}</bdi>
              <span className="upload__state">
                {u.state === 'uploading'
                  ? t('uploading')
                  : u.state === 'failed'
                    ? `${t('uploadFailed')}: ${u.error ?? ''}`
                    : ''}
              </span>
              <button
                type="button"
                className="button button--icon"
                aria-label={t('removeAttachment', { name: u.name })}
                onClick={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="visually-hidden" htmlFor={`${popupId}-input`}>
        {isNote ? t('composerNoteLabel') : t('composerLabel')}
      </label>
      <textarea
        id={`${popupId}-input`}
        ref={textarea}
        className="composer__input"
        rows={2}
        value={text}
        placeholder={isNote ? t('composerNotePlaceholder') : t('composerPlaceholder')}
        onChange={onChange}
        onKeyDown={onKeyDown}
        onBlur={() => setTrigger(null)}
        aria-controls={showPopup && canned.length ? popupId : undefined}
        aria-activedescendant={showPopup && canned.length ? `${popupId}-${active}` : undefined}
        aria-describedby={sendBlocked ? `${popupId}-help ${popupId}-blocked` : `${popupId}-help`}
      />
      <p id={`${popupId}-help`} className="visually-hidden">
        {t('composerHelp')}
      </p>
      <div className="composer__bar">
        <button
          type="button"
          className="button button--toggle"
          aria-pressed={isNote}
          disabled={resolved}
          onClick={() => setNoteMode((on) => !on)}
        >
          {t('noteToggle')}
        </button>
        <button type="button" className="button button--ghost" onClick={() => fileInput.current?.click()}>
          {t('attach')}
        </button>
        <input ref={fileInput} type="file" multiple hidden onChange={(e) => void onFiles(e)} tabIndex={-1} />
        <button type="submit" className="button button--primary composer__send" disabled={sendBlocked}>
          {isNote ? t('addNote') : t('send')}
        </button>
      </div>
    </form>
  );
}
