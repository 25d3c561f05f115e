import { Injectable } from '@nestjs/common';
import type { WidgetConfig } from '../connectors/widget';
import { FileService } from '../core/files/file.service';
import type { WidgetMessageRow } from './widget-conversation.repository';

/** A message as the widget shows it (docs/widget-protocol.md). */
export interface WidgetMessage {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  author: { kind: WidgetMessageRow['authorKind']; name: string | null; avatarUrl: string | null };
  text: string | null;
  attachments: {
    kind: 'image' | 'video' | 'audio' | 'file';
    name: string | null;
    mimeType: string | null;
    sizeBytes: number | null;
    url: string;
  }[];
  createdAt: string;
  clientMessageId: string | null;
  status: WidgetMessageRow['deliveryStatus'];
}

/** Turns stored rows into what a visitor may see: signed file URLs, agent identity per config. */
@Injectable()
export class WidgetMessagePresenter {
  constructor(private readonly files: FileService) {}

  present(row: WidgetMessageRow, config: WidgetConfig): WidgetMessage {
    const agent = row.authorKind === 'agent' || row.authorKind === 'bot';
    return {
      id: row.id,
      conversationId: row.conversationId,
      seq: row.seq,
      direction: row.direction,
      author: {
        kind: row.authorKind,
        name: agent && config.appearance.showAgentName ? row.authorName : null,
        avatarUrl: agent && config.appearance.showAgentPhoto ? row.authorAvatarUrl : null,
      },
      text: row.text,
      attachments: row.attachments.map((a) => {
        const shown = this.files.present(a);
        return {
          kind: shown.kind,
          name: shown.name ?? null,
          mimeType: shown.mimeType ?? null,
          sizeBytes: shown.sizeBytes ?? null,
          url: shown.url ?? '',
        };
      }),
      createdAt: new Date(row.createdAt).toISOString(),
      // The widget's own id is the part after the visitor prefix of the dedupe key.
      clientMessageId:
        row.direction === 'inbound' && row.externalId
          ? row.externalId.slice(row.externalId.indexOf(':') + 1)
          : null,
      status: row.deliveryStatus,
    };
  }
}
