/**
 * Every queue and job name. A job name with no handler, or with two, stops the worker at boot
 * (JobHandlerRegistry), so adding a job here without its processor cannot ship silently.
 */
export const QUEUES = {
  routing: ['route-conversations', 'assign-queued'],
  delivery: ['deliver-message', 'download-media'],
} as const;

export type QueueName = keyof typeof QUEUES;
export type JobName = (typeof QUEUES)[QueueName][number];

/** Payload every job carries: tenancy is explicit. */
export interface JobData {
  workspaceId: string;
}

/** The conversations one transaction opened: routing them is one job, not one job each. */
export interface RouteConversationsJob extends JobData {
  conversationIds: string[];
}
export type AssignQueuedJob = JobData;
export interface DeliverMessageJob extends JobData {
  messageId: string;
}
/**
 * Files of an inbound message that its connector described by `providerMediaId`: the worker
 * fetches them through the connector's `fetchMedia` hook and stores them (MediaDownloadService).
 */
export interface DownloadMediaJob extends JobData {
  messageId: string;
}
