import { HubError } from './hub-error';

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Queries and mutations over plain fetch to the hub's POST /graphql (same origin). An
 * UNAUTHENTICATED answer to a signed-in call means the token expired or the agent was removed:
 * `onUnauthenticated` signs the console out.
 */
export class GraphqlClient {
  constructor(
    private readonly token: () => string | null,
    private readonly onUnauthenticated: () => void = () => undefined,
    private readonly endpoint = '/graphql',
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = this.token();
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      throw new HubError(e instanceof Error ? e.message : 'Network error', 'NETWORK');
    }
    let body: GraphqlResponse<T>;
    try {
      body = (await response.json()) as GraphqlResponse<T>;
    } catch {
      throw new HubError(
        `The hub answered ${response.status}.`,
        response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'HTTP',
      );
    }
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code ?? 'GRAPHQL_ERROR';
      if (code === 'UNAUTHENTICATED' && token) this.onUnauthenticated();
      throw new HubError(first.message, code);
    }
    if (!body.data) throw new HubError(`The hub answered ${response.status} without data.`, 'HTTP');
    return body.data;
  }
}
