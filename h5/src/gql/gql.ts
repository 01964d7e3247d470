/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      employee {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Login($tenant: String!, $login: String!, $password: String!) {\n    login(tenant: $tenant, login: $login, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation ExchangeSsoTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n": typeof types.ExchangeSsoTicketDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment ItemSummaryFields on CollabItem {\n    id\n    title\n    status\n    createdAt\n    sender {\n      id\n      name\n    }\n  }\n": typeof types.ItemSummaryFieldsFragmentDoc,
    "\n  fragment ItemDetailFields on CollabItem {\n    id\n    title\n    body\n    status\n    createdAt\n    actions\n    sender {\n      id\n      name\n    }\n    recipients {\n      state\n      opinion\n      handledAt\n      employee {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ItemDetailFieldsFragmentDoc,
    "\n  query BoxCounts {\n    todo: collabItems(box: TODO, first: 1) {\n      totalCount\n    }\n    sent: collabItems(box: SENT, first: 1) {\n      totalCount\n    }\n    done: collabItems(box: DONE, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.BoxCountsDocument,
    "\n  query CollabItems($box: Box!, $first: Int, $after: String) {\n    collabItems(box: $box, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ItemSummaryFields\n        }\n      }\n    }\n  }\n": typeof types.CollabItemsDocument,
    "\n  query CollabItem($id: ID!) {\n    collabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n": typeof types.CollabItemDocument,
    "\n  query Colleagues($search: String, $first: Int) {\n    colleagues(search: $search, first: $first) {\n      id\n      name\n    }\n  }\n": typeof types.ColleaguesDocument,
    "\n  mutation SendCollabItem($input: SendCollabItemInput!) {\n    sendCollabItem(input: $input) {\n      id\n    }\n  }\n": typeof types.SendCollabItemDocument,
    "\n  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {\n    handleCollabItem(id: $id, action: $action, opinion: $opinion) {\n      ...ItemDetailFields\n    }\n  }\n": typeof types.HandleCollabItemDocument,
};
const documents: Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      employee {\n        id\n        name\n      }\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation Login($tenant: String!, $login: String!, $password: String!) {\n    login(tenant: $tenant, login: $login, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation ExchangeSsoTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n": types.ExchangeSsoTicketDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  fragment ItemSummaryFields on CollabItem {\n    id\n    title\n    status\n    createdAt\n    sender {\n      id\n      name\n    }\n  }\n": types.ItemSummaryFieldsFragmentDoc,
    "\n  fragment ItemDetailFields on CollabItem {\n    id\n    title\n    body\n    status\n    createdAt\n    actions\n    sender {\n      id\n      name\n    }\n    recipients {\n      state\n      opinion\n      handledAt\n      employee {\n        id\n        name\n      }\n    }\n  }\n": types.ItemDetailFieldsFragmentDoc,
    "\n  query BoxCounts {\n    todo: collabItems(box: TODO, first: 1) {\n      totalCount\n    }\n    sent: collabItems(box: SENT, first: 1) {\n      totalCount\n    }\n    done: collabItems(box: DONE, first: 1) {\n      totalCount\n    }\n  }\n": types.BoxCountsDocument,
    "\n  query CollabItems($box: Box!, $first: Int, $after: String) {\n    collabItems(box: $box, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ItemSummaryFields\n        }\n      }\n    }\n  }\n": types.CollabItemsDocument,
    "\n  query CollabItem($id: ID!) {\n    collabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n": types.CollabItemDocument,
    "\n  query Colleagues($search: String, $first: Int) {\n    colleagues(search: $search, first: $first) {\n      id\n      name\n    }\n  }\n": types.ColleaguesDocument,
    "\n  mutation SendCollabItem($input: SendCollabItemInput!) {\n    sendCollabItem(input: $input) {\n      id\n    }\n  }\n": types.SendCollabItemDocument,
    "\n  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {\n    handleCollabItem(id: $id, action: $action, opinion: $opinion) {\n      ...ItemDetailFields\n    }\n  }\n": types.HandleCollabItemDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      employee {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').SessionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($tenant: String!, $login: String!, $password: String!) {\n    login(tenant: $tenant, login: $login, password: $password) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').RefreshSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExchangeSsoTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').ExchangeSsoTicketDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ItemSummaryFields on CollabItem {\n    id\n    title\n    status\n    createdAt\n    sender {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').ItemSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ItemDetailFields on CollabItem {\n    id\n    title\n    body\n    status\n    createdAt\n    actions\n    sender {\n      id\n      name\n    }\n    recipients {\n      state\n      opinion\n      handledAt\n      employee {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').ItemDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoxCounts {\n    todo: collabItems(box: TODO, first: 1) {\n      totalCount\n    }\n    sent: collabItems(box: SENT, first: 1) {\n      totalCount\n    }\n    done: collabItems(box: DONE, first: 1) {\n      totalCount\n    }\n  }\n"): typeof import('./graphql').BoxCountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CollabItems($box: Box!, $first: Int, $after: String) {\n    collabItems(box: $box, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ItemSummaryFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CollabItemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CollabItem($id: ID!) {\n    collabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n"): typeof import('./graphql').CollabItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Colleagues($search: String, $first: Int) {\n    colleagues(search: $search, first: $first) {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').ColleaguesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendCollabItem($input: SendCollabItemInput!) {\n    sendCollabItem(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').SendCollabItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {\n    handleCollabItem(id: $id, action: $action, opinion: $opinion) {\n      ...ItemDetailFields\n    }\n  }\n"): typeof import('./graphql').HandleCollabItemDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
