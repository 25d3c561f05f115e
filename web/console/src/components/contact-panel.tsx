import { useEffect, useState } from 'react';
import { CONTACT_CONVERSATIONS, LIST_PAGE_SIZE } from '../api/graphql-documents';
import type {
  ConversationDetail,
  ConversationPage,
  ConversationSummary,
  VisitedPage,
} from '../api/hub-types';
import { useStore } from '../state/use-store';
import { formatMessageTime, formatRelative } from '../text/format';
import { safeResourceUrl } from '../text/safe-url';
import { CONVERSATION_STATUS_LABEL } from './chat-list';
import { contactName } from './contact-name';
import { useConsole, useI18n } from './contexts';
import { RichText } from './rich-text';
import { RoutingSection } from './routing-section';

/** A page the visitor opened: its title as a link when its URL is http(s), as text otherwise. */
function PageLink({ page }: { page: VisitedPage }) {
  const href = safeResourceUrl(page.url, window.location.href);
  const label = page.title.trim() || page.url;
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" title={page.url}>
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The contact's earlier conversations (the contactId filter, latest activity first). */
function useEarlierConversations(detail: ConversationDetail | null): ConversationSummary[] | null {
  const session = useConsole();
  const [found, setFound] = useState<{ request: string; list: ConversationSummary[] } | null>(null);
  const contactId = detail?.contact.id ?? null;
  const currentId = detail?.id ?? null;
  const request = `${contactId}|${currentId}`;
  useEffect(() => {
    if (!contactId) return;
    let live = true;
    const keep = (list: ConversationSummary[]) => live && setFound({ request, list });
    session.api
      .request<{ conversations: ConversationPage }>(CONTACT_CONVERSATIONS, {
        contactId,
        first: LIST_PAGE_SIZE,
      })
      .then(({ conversations }) =>
        keep(conversations.edges.map((e) => e.node).filter((c) => c.id !== currentId)),
      )
      .catch(() => keep([]));
    return () => {
      live = false;
    };
  }, [session, contactId, currentId, request]);
  return found?.request === request ? found.list : null;
}

export function ContactPanel() {
  const { t, locale } = useI18n();
  const session = useConsole();
  const { detail } = useStore(session.openChat);
  const earlier = useEarlierConversations(detail);
  if (!detail) return <aside className="contact-panel" aria-label={t('contactPanel')} />;
  const { contact, prechat, visitor } = detail;
  return (
    <aside className="contact-panel" aria-label={t('contactPanel')}>
      <section className="panel-section">
        <h3 className="panel-section__title">{t('contact')}</h3>
        <p className="contact-panel__name">
          <bdi>{contactName(contact, t)}</bdi>
        </p>
        <dl className="facts">
          {contact.email && (
            <>
              <dt>{t('email')}</dt>
              <dd dir="ltr">
                <RichText text={contact.email} />
              </dd>
            </>
          )}
          {contact.phone && (
            <>
              <dt>{t('phone')}</dt>
              <dd dir="ltr">{contact.phone}</dd>
            </>
          )}
          {contact.locale && (
            <>
              <dt>{t('language')}</dt>
              <dd>{contact.locale}</dd>
            </>
          )}
        </dl>
        {contact.identities.length > 0 && (
          <>
            <h4 className="panel-section__subtitle">{t('identities')}</h4>
            <ul className="identities">
              {contact.identities.map((identity) => (
                <li key={`${identity.integrationId}|${identity.externalId}`} title={identity.connectorId}>
                  <bdi>{identity.integrationName || identity.connectorId}</bdi>
                  {' · '}
                  <bdi dir="ltr">{identity.externalId}</bdi>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <RoutingSection detail={detail} />

      {prechat && prechat.length > 0 && (
        <section className="panel-section">
          <h3 className="panel-section__title">{t('prechatAnswers')}</h3>
          <dl className="facts">
            {prechat.map((answer) => (
              <div key={answer.fieldId} className="facts__row">
                <dt>{answer.label}</dt>
                <dd>
                  {answer.type === 'consent'
                    ? answer.value === 'true'
                      ? t('consentGiven')
                      : t('consentRefused')
                    : answer.value}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {visitor && (
        <section className="panel-section">
          <h3 className="panel-section__title">{t('visitorInfo')}</h3>
          <dl className="facts">
            {visitor.currentPage && (
              <div className="facts__row">
                <dt>{t('currentPage')}</dt>
                <dd>
                  <PageLink page={visitor.currentPage} />
                </dd>
              </div>
            )}
            <div className="facts__row">
              <dt>{t('visits')}</dt>
              <dd>{new Intl.NumberFormat(locale).format(visitor.visits)}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('firstSeen')}</dt>
              <dd>{formatMessageTime(visitor.firstSeenAt, locale)}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('lastSeen')}</dt>
              <dd>{formatRelative(visitor.lastSeenAt, locale)}</dd>
            </div>
          </dl>
          {visitor.recentPages.length > 0 && (
            <>
              <h4 className="panel-section__subtitle">{t('recentPages')}</h4>
              <ol className="recent-pages">
                {visitor.recentPages.map((page, i) => (
                  <li key={`${page.at}-${i}`}>
                    <PageLink page={page} />
                    <time dateTime={page.at} className="muted">
                      {' '}
                      {formatRelative(page.at, locale)}
                    </time>
                  </li>
                ))}
              </ol>
            </>
          )}
          {Object.keys(visitor.sessionVariables).length > 0 && (
            <>
              <h4 className="panel-section__subtitle">{t('sessionVariables')}</h4>
              <dl className="facts">
                {Object.entries(visitor.sessionVariables).map(([name, value]) => (
                  <div key={name} className="facts__row">
                    <dt>{name}</dt>
                    <dd>{valueText(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </section>
      )}

      <section className="panel-section">
        <h3 className="panel-section__title">{t('earlierConversations')}</h3>
        {earlier === null ? (
          <p className="muted">{t('loading')}</p>
        ) : earlier.length === 0 ? (
          <p className="muted">{t('noEarlierConversations')}</p>
        ) : (
          <ul className="earlier">
            {earlier.map((c) => (
              <li key={c.id}>
                <a
                  href={`/console/chats/${encodeURIComponent(c.id)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    session.router.openChat(c.id);
                  }}
                >
                  {formatMessageTime(c.lastMessageAt ?? c.createdAt, locale)}
                </a>{' '}
                <span className="muted">{t(CONVERSATION_STATUS_LABEL[c.status])}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
