import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { MESSAGE_TEMPLATES, SEND_TEMPLATE } from '../api/template-documents';
import { errorMessage } from '../api/hub-error';
import type { Message, MessageTemplate } from '../api/hub-types';
import {
  filterTemplates,
  MAX_TEMPLATE_PARAMETER_LENGTH,
  normalizeTemplateParameter,
  templateParameterProblems,
  templateParts,
} from '../channels/message-template';
import { useConsole, useT } from './contexts';
import { ModalDialog } from './modal-dialog';
import '../styles/template-dialog.css';

const keyOf = (template: MessageTemplate) => `${template.name}\u0000${template.language}`;

/**
 * Picks one of the integration's approved templates (WhatsApp: the only message allowed outside
 * its 24-hour window), fills its {{n}} parameters with a live preview, and sends it. One
 * clientMessageId per attempt at a given choice, so a retry after a network error cannot send it
 * twice; a new choice or new parameters get a new one.
 */
export function TemplateDialog({
  conversationId,
  integrationId,
  onClose,
}: {
  conversationId: string;
  integrationId: string;
  onClose(): void;
}) {
  const t = useT();
  const session = useConsole();
  const formId = useId();
  const [templates, setTemplates] = useState<MessageTemplate[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const [parameters, setParameters] = useState<string[]>([]);
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [clientMessageId, setClientMessageId] = useState(() => crypto.randomUUID());

  useEffect(() => {
    let live = true;
    session.api
      .request<{ messageTemplates: MessageTemplate[] }>(MESSAGE_TEMPLATES, { integrationId })
      .then((r) => live && setTemplates(r.messageTemplates))
      .catch((e: unknown) => live && setLoadError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [session, integrationId]);

  const shown = useMemo(() => filterTemplates(templates ?? [], search), [templates, search]);
  const chosen = templates?.find((tpl) => keyOf(tpl) === chosenKey) ?? null;
  const problems = chosen ? templateParameterProblems(chosen.parameterCount, parameters) : [];

  function choose(template: MessageTemplate) {
    setChosenKey(keyOf(template));
    setParameters(Array.from({ length: template.parameterCount }, () => ''));
    setShowProblems(false);
    setError(null);
    setClientMessageId(crypto.randomUUID());
  }

  function setParameter(index: number, value: string) {
    setParameters((list) => list.map((p, i) => (i === index ? value : p)));
    setClientMessageId(crypto.randomUUID());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    if (problems.some((p) => p !== null)) {
      setShowProblems(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { sendTemplate } = await session.api.request<{ sendTemplate: Message }>(SEND_TEMPLATE, {
        input: {
          conversationId,
          clientMessageId,
          templateName: chosen.name,
          language: chosen.language,
          parameters: parameters.map(normalizeTemplateParameter),
        },
      });
      session.openChat.received(sendTemplate);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const problemText = (problem: string | null) =>
    problem === 'required'
      ? t('templateParameterRequired')
      : problem === 'tooLong'
        ? t('templateParameterTooLong', { max: MAX_TEMPLATE_PARAMETER_LENGTH })
        : null;

  return (
    <ModalDialog title={t('sendTemplate')} onClose={onClose}>
      <form className="dialog__body template-dialog" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span className="field__label">{t('templateSearch')}</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoFocus />
        </label>
        {loadError ? (
          <p className="form-error" role="alert">
            {loadError}
          </p>
        ) : templates === null ? (
          <p className="empty">{t('loading')}</p>
        ) : templates.length === 0 ? (
          <p className="empty">{t('templatesNone')}</p>
        ) : (
          <fieldset className="fieldset template-dialog__list">
            <legend>{t('templateList')}</legend>
            {shown.length === 0 && <p className="empty">{t('templatesNoMatch')}</p>}
            {shown.map((template) => (
              <label key={keyOf(template)} className="template-option">
                <input
                  type="radio"
                  name={`${formId}-template`}
                  checked={chosenKey === keyOf(template)}
                  onChange={() => choose(template)}
                />
                <span className="template-option__text">
                  <span className="template-option__name" dir="ltr">
                    {template.name}
                  </span>
                  <span className="muted template-option__meta">
                    {t('templateLanguage', { language: template.language })}
                    {template.category ? ` · ${template.category}` : ''}
                  </span>
                  <bdi className="template-option__body">{template.body}</bdi>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {chosen ? (
          <>
            {chosen.parameterCount === 0 ? (
              <p className="muted">{t('templateNoParameters')}</p>
            ) : (
              parameters.map((value, i) => {
                const problem = showProblems ? problemText(problems[i]) : null;
                const problemId = `${formId}-problem-${i}`;
                return (
                  <label key={i} className="field">
                    <span className="field__label">{t('templateParameter', { n: `{{${i + 1}}}` })}</span>
                    <input
                      required
                      value={value}
                      onChange={(e) => setParameter(i, e.target.value)}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? problemId : undefined}
                    />
                    {problem && (
                      <span id={problemId} className="field__problem">
                        {problem}
                      </span>
                    )}
                  </label>
                );
              })
            )}
            <div className="template-preview">
              <p className="field__label" id={`${formId}-preview`}>
                {t('templatePreview')}
              </p>
              <p className="template-preview__text" aria-labelledby={`${formId}-preview`} aria-live="polite">
                <bdi>
                  {templateParts(chosen.body, parameters).map((part, i) =>
                    'text' in part ? (
                      part.text
                    ) : part.value === null ? (
                      <mark key={i} className="template-preview__hole">{`{{${part.placeholder}}}`}</mark>
                    ) : (
                      <mark key={i} className="template-preview__value">
                        {part.value}
                      </mark>
                    ),
                  )}
                </bdi>
              </p>
            </div>
          </>
        ) : (
          templates !== null && templates.length > 0 && <p className="muted">{t('templateChoose')}</p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !chosen}>
            {busy ? t('sending') : t('templateSendButton')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
