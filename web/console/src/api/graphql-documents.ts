/**
 * Every GraphQL operation the console sends. Page sizes stay under the hub's query cost limit
 * (GRAPHQL_MAX_COST, default 5000: a list costs its page size times the fields of one item).
 */
const AGENT_FIELDS = 'id name email role status capacity avatarUrl openConversations lastSeenAt deactivated';

const CONVERSATION_SUMMARY_FIELDS = `
  id status createdAt lastMessageAt assignedAt resolvedAt lastSeq assigneeId teamId
  unreadCount lastReadSeq tags
  contact { id name email avatarUrl }
  assignee { id name }`;

const CONVERSATION_DETAIL_FIELDS = `
  id status createdAt lastMessageAt assignedAt resolvedAt lastSeq assigneeId teamId
  unreadCount lastReadSeq tags
  contact {
    id name email avatarUrl phone locale createdAt
    identities { integrationId integrationName connectorId externalId }
  }
  assignee { id name }
  prechat { fieldId label type value answeredAt }
  integrationId
  replyWindow { open state closesAt reason templatesAllowed }
  visitor {
    currentPage { url title at }
    recentPages { url title at }
    sessionVariables visits firstSeenAt lastSeenAt locale userAgent
  }`;

/** A message as the chat shows it (also the answer of sendTemplate, template-documents.ts). */
export const MESSAGE_FIELDS = `
  id conversationId seq direction authorKind authorAgentId clientMessageId text private createdAt
  deliveryStatus failureReason
  attachments { fileId kind name mimeType sizeBytes url }`;

const CANNED_FIELDS = 'id shortcut title text shared updatedAt';

/** How many rows one list query asks for (the cost limit allows three such lists per request). */
export const LIST_PAGE_SIZE = 50;
/** How many messages one messagesSince call asks for. */
export const MESSAGE_PAGE_SIZE = 100;

const page = (alias: string, filter: string) =>
  `${alias}: conversations(first: ${LIST_PAGE_SIZE}, filter: ${filter}) {
    edges { node { ${CONVERSATION_SUMMARY_FIELDS} } }
    pageInfo { endCursor hasNextPage }
  }`;

export const LOGIN = `mutation Login($email: String!, $password: String!, $workspaceId: ID) {
  login(email: $email, password: $password, workspaceId: $workspaceId) {
    token expiresAt agent { ${AGENT_FIELDS} }
  }
}`;

export const ME = `query Me { me { ${AGENT_FIELDS} } }`;

export const SET_MY_STATUS = `mutation SetMyStatus($status: AgentStatus!) {
  setMyStatus(status: $status) { ${AGENT_FIELDS} }
}`;

export const HEARTBEAT = `mutation Heartbeat { heartbeat { ${AGENT_FIELDS} } }`;

export const MY_CONVERSATIONS = `query MyConversations {
  ${page('open', '{ mine: true, status: OPEN }')}
  ${page('pending', '{ mine: true, status: PENDING }')}
}`;

export const WORKSPACE_CONVERSATIONS = `query WorkspaceConversations {
  ${page('queued', '{ status: QUEUED }')}
  ${page('open', '{ status: OPEN }')}
  ${page('pending', '{ status: PENDING }')}
}`;

export const QUEUED_CONVERSATIONS = `query QueuedConversations {
  ${page('queued', '{ status: QUEUED }')}
}`;

export const SEARCH_CONVERSATIONS = `query SearchConversations($filter: ConversationFilter, $after: String, $first: Int!) {
  conversations(filter: $filter, after: $after, first: $first) {
    edges { node { ${CONVERSATION_SUMMARY_FIELDS} } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** A contact's conversations, latest activity first. */
export const CONTACT_CONVERSATIONS = `query ContactConversations($contactId: ID!, $first: Int!) {
  conversations(filter: { contactId: $contactId }, first: $first) {
    edges { node { ${CONVERSATION_SUMMARY_FIELDS} } }
    pageInfo { endCursor hasNextPage }
  }
}`;

export const CONVERSATION_SUMMARY = `query ConversationSummary($id: ID!) {
  conversation(id: $id) { ${CONVERSATION_SUMMARY_FIELDS} }
}`;

export const CONVERSATION_DETAIL = `query ConversationDetail($id: ID!) {
  conversation(id: $id) { ${CONVERSATION_DETAIL_FIELDS} }
}`;

export const MESSAGES_SINCE = `query MessagesSince($conversationId: ID!, $afterSeq: Int!, $limit: Int!) {
  messagesSince(conversationId: $conversationId, afterSeq: $afterSeq, limit: $limit) { ${MESSAGE_FIELDS} }
}`;

export const SEND_MESSAGE = `mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) { ${MESSAGE_FIELDS} }
}`;

export const SET_TYPING = `mutation SetTyping($conversationId: ID!, $typing: Boolean!) {
  setTyping(conversationId: $conversationId, typing: $typing)
}`;

export const MARK_READ = `mutation MarkRead($conversationId: ID!, $seq: Int!) {
  markConversationRead(conversationId: $conversationId, seq: $seq) { ${CONVERSATION_SUMMARY_FIELDS} }
}`;

export const SET_TAGS = `mutation SetTags($conversationId: ID!, $tags: [String!]!) {
  setConversationTags(conversationId: $conversationId, tags: $tags) { ${CONVERSATION_SUMMARY_FIELDS} }
}`;

export const TAGS = `query Tags { tags }`;

export const TRANSFER = `mutation Transfer($conversationId: ID!, $agentId: ID, $teamId: ID, $note: String, $force: Boolean) {
  transferConversation(conversationId: $conversationId, agentId: $agentId, teamId: $teamId, note: $note, force: $force) {
    ${CONVERSATION_SUMMARY_FIELDS}
  }
}`;

export const ASSIGN = `mutation Assign($conversationId: ID!, $agentId: ID) {
  assignConversation(conversationId: $conversationId, agentId: $agentId) { ${CONVERSATION_SUMMARY_FIELDS} }
}`;

export const RESOLVE = `mutation Resolve($id: ID!) { resolveConversation(id: $id) { ${CONVERSATION_SUMMARY_FIELDS} } }`;

export const REOPEN = `mutation Reopen($id: ID!) { reopenConversation(id: $id) { ${CONVERSATION_SUMMARY_FIELDS} } }`;

export const AGENTS = `query Agents { agents { ${AGENT_FIELDS} } }`;

export const TEAMS = `query Teams { teams { id name } }`;

export const CANNED_RESPONSES = `query CannedResponses($search: String) {
  cannedResponses(search: $search) { ${CANNED_FIELDS} }
}`;

export const CREATE_CANNED = `mutation CreateCanned($input: CannedResponseInput!) {
  createCannedResponse(input: $input) { ${CANNED_FIELDS} }
}`;

export const UPDATE_CANNED = `mutation UpdateCanned($id: ID!, $input: CannedResponseInput!) {
  updateCannedResponse(id: $id, input: $input) { ${CANNED_FIELDS} }
}`;

export const DELETE_CANNED = `mutation DeleteCanned($id: ID!) { deleteCannedResponse(id: $id) }`;

export const WORKSPACE_EVENTS = `subscription WorkspaceEvents {
  workspaceEvents {
    type conversationId messageId seq assigneeId teamId status actor agentId typing draft
  }
}`;

/** Takes a waiting chat (manual queues); CONFLICT when not accepting or at capacity. */
export const PICK_CONVERSATION = `mutation PickConversation($conversationId: ID!) {
  pickConversation(conversationId: $conversationId) { ${CONVERSATION_SUMMARY_FIELDS} }
}`;

/** Why routing sent the open chat where it is: one query per conversation, so only for the open one. */
export const CONVERSATION_ROUTING = `query ConversationRouting($id: ID!) {
  conversation(id: $id) { id routing { priority queuePosition etaSeconds reason } }
  teams { id name }
}`;
