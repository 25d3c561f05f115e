/** Graph API versions look like v21.0 (Meta's docs currently show v25.0). */
export const GRAPH_API_VERSION_PATTERN = /^v\d{1,3}\.\d{1,2}$/;
