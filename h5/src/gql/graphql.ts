/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** When an item is approved; under both rules one rejection rejects it. */
export type ApprovalRule =
  /** Every recipient must approve. */
  | 'ALL'
  /** The first approval approves the item. */
  | 'ANY';

/** The three lists of one employee: 待办, 已发, 已办. */
export type Box =
  | 'DONE'
  | 'SENT'
  | 'TODO';

export type ItemAction =
  | 'APPROVE'
  /** Open the attachments (only offered when there are some). */
  | 'ATTACHMENTS'
  | 'COMMENT'
  | 'REJECT'
  /** Open the related items (only offered when there are some). */
  | 'RELATED'
  | 'WITHDRAW';

export type ItemStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  /** The sender took it back before anyone handled it. */
  | 'WITHDRAWN';

export type RecipientState =
  | 'APPROVED'
  /** The item ended (rejected, approved by another under ANY, or withdrawn) before this recipient acted. */
  | 'CLOSED'
  | 'PENDING'
  | 'REJECTED';

/** Who may call a field; enforced by the @hasRole directive after authentication. */
export type Role =
  | 'ADMIN'
  | 'MEMBER';

export type SendCollabItemInput = {
  /** Files, by GraphQL multipart upload. */
  attachments?: Array<unknown> | null | undefined;
  /** HTML; sanitised before it is stored. */
  body: string;
  /** Expanded to their active members (sub-departments included) when sent. */
  departmentIds?: Array<string> | null | undefined;
  recipientIds?: Array<string>;
  /** Other items the sender can see. */
  relatedIds?: Array<string> | null | undefined;
  rule?: ApprovalRule | null | undefined;
  title: string;
};

export type SessionFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, employee: { id: string, name: string } } };

export type LoginMutationVariables = Exact<{
  tenant: string;
  login: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, employee: { id: string, name: string } } } };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, employee: { id: string, name: string } } } };

export type ExchangeSsoTicketMutationVariables = Exact<{
  ticket: string;
}>;


export type ExchangeSsoTicketMutation = { exchangeSsoTicket: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, employee: { id: string, name: string } } } };

export type ChangePasswordMutationVariables = Exact<{
  oldPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, employee: { id: string, name: string } } } };

export type ItemSummaryFieldsFragment = { id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } };

export type ItemDetailFieldsFragment = { id: string, title: string, body: string, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }> };

export type BoxCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type BoxCountsQuery = { todo: { totalCount: number }, sent: { totalCount: number }, done: { totalCount: number } };

export type CollabItemsQueryVariables = Exact<{
  box: Box;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CollabItemsQuery = { collabItems: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } } }> } };

export type CollabItemQueryVariables = Exact<{
  id: string;
}>;


export type CollabItemQuery = { collabItem: { id: string, title: string, body: string, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }> } };

export type ColleaguesQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ColleaguesQuery = { colleagues: Array<{ id: string, name: string }> };

export type SendCollabItemMutationVariables = Exact<{
  input: SendCollabItemInput;
}>;


export type SendCollabItemMutation = { sendCollabItem: { id: string } };

export type HandleCollabItemMutationVariables = Exact<{
  id: string;
  action: ItemAction;
  opinion?: string | null | undefined;
}>;


export type HandleCollabItemMutation = { handleCollabItem: { id: string, title: string, body: string, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    employee {
      id
      name
    }
  }
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const ItemSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment ItemSummaryFields on CollabItem {
  id
  title
  status
  createdAt
  sender {
    id
    name
  }
}
    `, {"fragmentName":"ItemSummaryFields"}) as unknown as TypedDocumentString<ItemSummaryFieldsFragment, unknown>;
export const ItemDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment ItemDetailFields on CollabItem {
  id
  title
  body
  status
  createdAt
  actions
  sender {
    id
    name
  }
  recipients {
    state
    opinion
    handledAt
    employee {
      id
      name
    }
  }
}
    `, {"fragmentName":"ItemDetailFields"}) as unknown as TypedDocumentString<ItemDetailFieldsFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($tenant: String!, $login: String!, $password: String!) {
  login(tenant: $tenant, login: $login, password: $password) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const ExchangeSsoTicketDocument = new TypedDocumentString(`
    mutation ExchangeSsoTicket($ticket: String!) {
  exchangeSsoTicket(ticket: $ticket) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ExchangeSsoTicketMutation, ExchangeSsoTicketMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
  changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const BoxCountsDocument = new TypedDocumentString(`
    query BoxCounts {
  todo: collabItems(box: TODO, first: 1) {
    totalCount
  }
  sent: collabItems(box: SENT, first: 1) {
    totalCount
  }
  done: collabItems(box: DONE, first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<BoxCountsQuery, BoxCountsQueryVariables>;
export const CollabItemsDocument = new TypedDocumentString(`
    query CollabItems($box: Box!, $first: Int, $after: String) {
  collabItems(box: $box, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...ItemSummaryFields
      }
    }
  }
}
    fragment ItemSummaryFields on CollabItem {
  id
  title
  status
  createdAt
  sender {
    id
    name
  }
}`) as unknown as TypedDocumentString<CollabItemsQuery, CollabItemsQueryVariables>;
export const CollabItemDocument = new TypedDocumentString(`
    query CollabItem($id: ID!) {
  collabItem(id: $id) {
    ...ItemDetailFields
  }
}
    fragment ItemDetailFields on CollabItem {
  id
  title
  body
  status
  createdAt
  actions
  sender {
    id
    name
  }
  recipients {
    state
    opinion
    handledAt
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<CollabItemQuery, CollabItemQueryVariables>;
export const ColleaguesDocument = new TypedDocumentString(`
    query Colleagues($search: String, $first: Int) {
  colleagues(search: $search, first: $first) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ColleaguesQuery, ColleaguesQueryVariables>;
export const SendCollabItemDocument = new TypedDocumentString(`
    mutation SendCollabItem($input: SendCollabItemInput!) {
  sendCollabItem(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<SendCollabItemMutation, SendCollabItemMutationVariables>;
export const HandleCollabItemDocument = new TypedDocumentString(`
    mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {
  handleCollabItem(id: $id, action: $action, opinion: $opinion) {
    ...ItemDetailFields
  }
}
    fragment ItemDetailFields on CollabItem {
  id
  title
  body
  status
  createdAt
  actions
  sender {
    id
    name
  }
  recipients {
    state
    opinion
    handledAt
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<HandleCollabItemMutation, HandleCollabItemMutationVariables>;