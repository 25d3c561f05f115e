import { DomainError } from '../../core/errors/domain-error';
import type { PolicyIssue } from './routing-policy.types';

/**
 * A routing policy (or team business hours) that does not validate. An INVALID_INPUT domain error,
 * so the GraphQL and HTTP edges answer it like any bad input; `issues` lists every problem with its
 * path, for the console to show next to the field.
 */
export class RoutingPolicyError extends DomainError {
  constructor(
    readonly issues: PolicyIssue[],
    subject = 'routing policy',
  ) {
    super(
      'INVALID_INPUT',
      `Invalid ${subject}:\n${issues.map((issue) => `- ${formatIssue(issue)}`).join('\n')}`,
    );
    this.name = 'RoutingPolicyError';
  }
}

/** "rules.2.conditions.0.value: must be ..." (or just the message for the input as a whole). */
export function formatIssue(issue: PolicyIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
