import { Module } from '@nestjs/common';
import { ConnectorRuntimeModule } from '../connectors/runtime/connector-runtime.module';
import { DomainModule } from '../core/domain.module';
import { ConsoleRoutes } from '../console/console.routes';
import { FileRoutes } from '../core/files/file.routes';
import { RoutingModule } from '../routing/routing.module';
import { VisitorTokenService } from './visitor-token.service';
import { WidgetAdminService } from './widget-admin.service';
import { WidgetAvailability } from './widget-availability.service';
import { WidgetChatService } from './widget-chat.service';
import { WidgetConfigRepository } from './widget-config.repository';
import { WidgetConversationRepository } from './widget-conversation.repository';
import { WidgetIntegrationLoader } from './widget-integration.loader';
import { WidgetMessagePresenter } from './widget-message.presenter';
import { WidgetVisitorRepository } from './widget-visitor.repository';
import { WidgetVisitorService } from './widget-visitor.service';
import { WidgetFanout } from './widget-fanout.service';
import { WidgetQueuePositions } from './widget-queue-position.service';
import { WidgetSocketRegistry } from './widget-socket-registry';
import { WidgetGateway } from './widget.gateway';
import { WidgetRoutes } from './widget.routes';

/**
 * The website widget's host side (api role): HTTP routes, the websocket gateway, visitor
 * sessions, and the admin use cases GraphQL exposes. The connector itself (pure) lives in
 * src/connectors/widget. Also serves the other browser-facing edges: attachments (FileRoutes) and
 * the agent console's files (ConsoleRoutes).
 */
@Module({
  imports: [DomainModule, ConnectorRuntimeModule, RoutingModule],
  providers: [
    VisitorTokenService,
    WidgetConfigRepository,
    WidgetIntegrationLoader,
    WidgetVisitorRepository,
    WidgetConversationRepository,
    WidgetAvailability,
    WidgetMessagePresenter,
    WidgetVisitorService,
    WidgetChatService,
    WidgetAdminService,
    WidgetSocketRegistry,
    WidgetQueuePositions,
    WidgetFanout,
    WidgetGateway,
    WidgetRoutes,
    FileRoutes,
    ConsoleRoutes,
  ],
  exports: [WidgetAdminService, WidgetGateway, WidgetRoutes, FileRoutes, ConsoleRoutes],
})
export class WidgetModule {}
