import { useMemo } from 'react';
import { ROUTING_SETUP } from '../../api/admin-documents';
import type { Json } from '../../routing/rule-form';
import { knownTimeZones } from '../../routing/team-routing-form';
import { ExternalRouterForm } from './external-router-form';
import { FormError } from './copy-field';
import { RoutingRulesEditor, type Policy } from './routing-rules-editor';
import type { RoutingChoices } from './routing-rule-form';
import { TeamRoutingEditor } from './team-routing-editor';
import { useAdminT } from './use-admin-t';
import { useHubQuery } from './use-hub-query';

interface RoutingSetup {
  routingPolicy: Json;
  teams: { id: string; name: string }[];
  agents: { id: string; name: string; deactivated: boolean }[];
  integrations: { id: string; name: string; connectorId: string }[];
}

/**
 * Admins: the routing rules (docs/routing.md), each queue's settings and business hours, and the
 * external router. Tiers are set in Teams, skills in Agents.
 */
export function RoutingScreen() {
  const t = useAdminT();
  const setup = useHubQuery<RoutingSetup>(ROUTING_SETUP);
  const timeZones = useMemo(() => knownTimeZones(), []);
  const data = setup.data;
  const choices: RoutingChoices | null = useMemo(
    () =>
      data && {
        teams: data.teams,
        agents: data.agents.filter((agent) => !agent.deactivated),
        integrations: data.integrations,
        timeZones,
      },
    [data, timeZones],
  );
  return (
    <section className="page page--wide" aria-labelledby="routing-screen-title">
      <header className="page__header">
        <h1 id="routing-screen-title">{t('navRouting')}</h1>
      </header>
      <p className="muted">{t('routingIntro')}</p>
      <FormError message={setup.error} />
      {!data || !choices ? (
        <p className="empty">{t('loading')}</p>
      ) : (
        <>
          <RoutingRulesEditor
            initial={{
              rules: Array.isArray(data.routingPolicy.rules) ? (data.routingPolicy.rules as Json[]) : [],
              defaultAction: (data.routingPolicy.defaultAction ?? {}) as Policy['defaultAction'],
            }}
            choices={choices}
          />
          <TeamRoutingEditor choices={choices} />
          <ExternalRouterForm />
        </>
      )}
    </section>
  );
}
