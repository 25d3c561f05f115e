/**
 * Every queue and job name. A job name with no handler, or with two, stops the worker at boot
 * (JobHandlerRegistry), so adding a job here without its processor cannot ship silently.
 */
export const QUEUES = {
  routing: ['route-conversations', 'assign-queued'],
  delivery: ['deliver-message'],
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
