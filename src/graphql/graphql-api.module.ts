import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import { ConnectorRuntimeModule } from '../connectors/runtime/connector-runtime.module';
import { AuthService } from '../core/auth/auth.service';
import { CannedResponsesModule } from '../core/canned-responses/canned-responses.module';
import type { HubConfig } from '../core/config/config.schema';
import { DomainModule } from '../core/domain.module';
import { ROOT_LOGGER } from '../core/tokens';
import { formatGraphqlError } from './graphql-error.mapper';
import { authenticateSocket, graphqlContext } from './graphql-context';
import { queryCostPlugin } from './limits/query-cost.plugin';
import { maxDepthRule, subscriptionDepthErrors } from './limits/query-depth.rule';
import { AgentInvitationResolver } from './resolvers/agent-invitation.resolver';
import { AgentResolver } from './resolvers/agent.resolver';
import { AuthResolver } from './resolvers/auth.resolver';
import { CannedResponseResolver } from './resolvers/canned-response.resolver';
import { ContactResolver } from './resolvers/contact.resolver';
import { ConversationResolver } from './resolvers/conversation.resolver';
import { IntegrationResolver } from './resolvers/integration.resolver';
import { IntegrationSessionResolver } from './resolvers/integration-session.resolver';
import { MessageResolver } from './resolvers/message.resolver';
import { MessageTemplateResolver } from './resolvers/message-template.resolver';
import { RoutingResolver } from './resolvers/routing.resolver';
import { TeamRoutingResolver } from './resolvers/team-routing.resolver';
import { TagResolver } from './resolvers/tag.resolver';
import { TeamResolver } from './resolvers/team.resolver';
import { WidgetResolver } from './resolvers/widget.resolver';
import { WorkspaceEventsResolver } from './resolvers/workspace-events.resolver';
import { coalesceWebSocketFrames } from './ws-frame-coalescing';
import { RoutingModule } from '../routing/routing.module';
import { WidgetModule } from '../widget/widget.module';

export const GRAPHQL_PATH = '/graphql';

const RESOLVERS = [
  AuthResolver,
  AgentResolver,
  AgentInvitationResolver,
  TagResolver,
  CannedResponseResolver,
  TeamResolver,
  IntegrationResolver,
  IntegrationSessionResolver,
  ConversationResolver,
  ContactResolver,
  MessageResolver,
  MessageTemplateResolver,
  WorkspaceEventsResolver,
  WidgetResolver,
  RoutingResolver,
  TeamRoutingResolver,
];

/**
 * The agent and admin API: POST /graphql and graphql-ws subscriptions on the same path. The
 * schema is built in memory from the decorators (code-first); schema.gql at the repository root
 * is its committed print, checked by test/e2e/schema.e2e-spec.ts.
 */
@Module({})
export class GraphqlApiModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        DomainModule,
        CannedResponsesModule,
        ConnectorRuntimeModule,
        WidgetModule,
        RoutingModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [DomainModule],
          inject: [AuthService, ROOT_LOGGER],
          useFactory: (auth: AuthService, logger: Logger): ApolloDriverConfig => {
            const format = (formatted: Parameters<typeof formatGraphqlError>[0], error: unknown) =>
              formatGraphqlError(formatted, error, (e) =>
                logger.error({ err: e }, 'graphql operation failed unexpectedly'),
              );
            const authenticate = authenticateSocket(auth);
            return {
              path: GRAPHQL_PATH,
              autoSchemaFile: true,
              sortSchema: true,
              playground: false,
              includeStacktraceInErrorResponses: false,
              context: graphqlContext,
              validationRules: [maxDepthRule(config.GRAPHQL_MAX_DEPTH)],
              plugins: [queryCostPlugin(config.GRAPHQL_MAX_COST)],
              formatError: format,
              subscriptions: {
                'graphql-ws': {
                  path: GRAPHQL_PATH,
                  // Accepted sockets send a turn's frames in one write, from the connection_ack on.
                  onConnect: async (ctx) => {
                    const accepted = await authenticate(ctx);
                    if (accepted)
                      coalesceWebSocketFrames((ctx.extra as { socket: WebSocket }).socket, { logger });
                    return accepted;
                  },
                  // graphql-ws validates on its own, without Apollo's validationRules.
                  onSubscribe: (_ctx, _id, payload) =>
                    subscriptionDepthErrors(payload.query, config.GRAPHQL_MAX_DEPTH),
                  onNext: (_ctx, _id, _payload, _args, result) =>
                    result.errors
                      ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) }
                      : undefined,
                },
              },
            };
          },
        }),
      ],
      providers: RESOLVERS,
    };
  }
}
