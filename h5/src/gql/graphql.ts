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

/** An employee's state. Only active employees sign in, receive pushes and appear in the staff directory's lists. */
export type EmployeeStatus =
  | 'ACTIVE'
  /** Blocked by an admin. */
  | 'FROZEN'
  /** Left the company. */
  | 'RESIGNED';

/** Where an external contact comes from. */
export type ExternalContactType =
  /** A personal WeChat user. */
  | 'WECHAT'
  /** A member of another WeCom corp. */
  | 'WECOM';

export type Gender =
  | 'FEMALE'
  | 'MALE'
  | 'UNKNOWN';

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

export type NoticeKind =
  /** 新闻 */
  | 'NEWS'
  /** 公告 */
  | 'NOTICE';

export type Party =
  | 'CUSTOMER'
  | 'SUPPLIER';

export type QuestionKind =
  | 'MULTIPLE'
  | 'SINGLE';

export type RecipientState =
  | 'APPROVED'
  /** The item ended (rejected, approved by another under ANY, or withdrawn) before this recipient acted. */
  | 'CLOSED'
  | 'PENDING'
  | 'REJECTED';

export type RegistrationInput = {
  company?: string | null | undefined;
  departmentId?: string | null | undefined;
  email?: string | null | undefined;
  /** The account to sign in with: 2–64 letters, digits and _ . @ -. */
  login: string;
  /** Mobile or email, at least one: WeCom invites with it. */
  mobile?: string | null | undefined;
  name: string;
  note?: string | null | undefined;
  /** Set when applying as a customer's or supplier's contact person (not staff): then company and password are needed. */
  party?: Party | null | undefined;
  /** A contact's own password, under the tenant's password rules: they sign in with it from the service account. */
  password?: string | null | undefined;
  position?: string | null | undefined;
};

export type RegistrationStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REFUSED';

/** Who sees a survey's results; its publisher always does. */
export type ResultsVisibility =
  /** The whole audience, voted or not. */
  | 'EVERYONE'
  /** The publisher only. */
  | 'PUBLISHER'
  /** People who have voted. */
  | 'VOTERS';

/** Who may call a field; enforced by the @hasRole directive after authentication. */
export type Role =
  | 'ADMIN'
  /** A customer's or supplier's contact person (contacts.graphqls): below MEMBER. */
  | 'CONTACT'
  | 'MEMBER'
  | 'PARTNER';

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

/** The options chosen for one question. */
export type SurveyChoiceInput = {
  optionIds: Array<string>;
  questionId: string;
};

/** Where a survey is in its time window. */
export type SurveyState =
  | 'CLOSED'
  | 'NOT_OPEN'
  | 'OPEN';

export type WeChatBindQrStatus =
  | 'BOUND'
  /** Expired, used, or not yours. */
  | 'EXPIRED'
  | 'PENDING'
  /** Scanned: confirm it (confirmWechatBindQR) to bind that WeChat. */
  | 'SCANNED';

export type ExchangeSsoTicketMutationVariables = Exact<{
  ticket: string;
}>;


export type ExchangeSsoTicketMutation = { exchangeSsoTicket: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type ItemSummaryFieldsFragment = { id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } };

export type ItemDetailFieldsFragment = { id: string, title: string, body: string, rule: ApprovalRule, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }>, comments: Array<{ id: string, body: string, createdAt: string, author: { id: string, name: string } }>, attachments: Array<{ id: string, name: string, contentType: string, size: number }>, related: Array<{ id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } }> };

export type BoxCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type BoxCountsQuery = { collabCounts: { todo: number } };

export type CollabItemsQueryVariables = Exact<{
  box: Box;
  first?: number | null | undefined;
  after?: string | null | undefined;
  keyword?: string | null | undefined;
  withRecipients?: boolean | null | undefined;
}>;


export type CollabItemsQuery = { collabItems: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, title: string, status: ItemStatus, createdAt: string, recipientSummary?: { count: number, first: Array<{ id: string, name: string }> }, sender: { id: string, name: string } } }> } };

export type CollabItemQueryVariables = Exact<{
  id: string;
}>;


export type CollabItemQuery = { collabItem: { id: string, title: string, body: string, rule: ApprovalRule, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }>, comments: Array<{ id: string, body: string, createdAt: string, author: { id: string, name: string } }>, attachments: Array<{ id: string, name: string, contentType: string, size: number }>, related: Array<{ id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } }> } };

export type ColleaguesQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ColleaguesQuery = { colleagues: Array<{ id: string, name: string }> };

export type SendCollabItemMutationVariables = Exact<{
  input: SendCollabItemInput;
}>;


export type SendCollabItemMutation = { sendCollabItem: { id: string } };

export type AttachmentLinksQueryVariables = Exact<{
  id: string;
}>;


export type AttachmentLinksQuery = { collabItem: { id: string, attachments: Array<{ id: string, downloadUrl: string }> } };

export type WithdrawCollabItemMutationVariables = Exact<{
  id: string;
}>;


export type WithdrawCollabItemMutation = { withdrawCollabItem: { id: string, title: string, body: string, rule: ApprovalRule, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }>, comments: Array<{ id: string, body: string, createdAt: string, author: { id: string, name: string } }>, attachments: Array<{ id: string, name: string, contentType: string, size: number }>, related: Array<{ id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } }> } };

export type DepartmentFieldsFragment = { id: string, name: string, totalMemberCount: number };

export type DepartmentTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type DepartmentTreeQuery = { departments: Array<{ id: string, name: string, totalMemberCount: number, children: Array<{ id: string, name: string, totalMemberCount: number, children: Array<{ id: string, name: string, totalMemberCount: number, children: Array<{ id: string, name: string, totalMemberCount: number, children: Array<{ id: string, name: string, totalMemberCount: number, children: Array<{ id: string, name: string, totalMemberCount: number }> }> }> }> }> }> };

export type RelatableItemsQueryVariables = Exact<{
  box: Box;
  keyword?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RelatableItemsQuery = { collabItems: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } } }> } };

export type HandleCollabItemMutationVariables = Exact<{
  id: string;
  action: ItemAction;
  opinion?: string | null | undefined;
}>;


export type HandleCollabItemMutation = { handleCollabItem: { id: string, title: string, body: string, rule: ApprovalRule, status: ItemStatus, createdAt: string, actions: Array<ItemAction>, sender: { id: string, name: string }, recipients: Array<{ state: RecipientState, opinion: string | null, handledAt: string | null, employee: { id: string, name: string } }>, comments: Array<{ id: string, body: string, createdAt: string, author: { id: string, name: string } }>, attachments: Array<{ id: string, name: string, contentType: string, size: number }>, related: Array<{ id: string, title: string, status: ItemStatus, createdAt: string, sender: { id: string, name: string } }> } };

export type NoticeSummaryFieldsFragment = { id: string, kind: NoticeKind, title: string, publishedAt: string, readAt: string | null, publisher: { id: string, name: string } };

export type NoticeDetailFieldsFragment = { body: string, recipientCount: number, id: string, kind: NoticeKind, title: string, publishedAt: string, readAt: string | null, publisher: { id: string, name: string } };

export type UnreadCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountsQuery = { unreadCounts: { notice: number, news: number, survey: number, discussion: number } };

export type NoticesQueryVariables = Exact<{
  kind: NoticeKind;
  first?: number | null | undefined;
  after?: string | null | undefined;
  keyword?: string | null | undefined;
}>;


export type NoticesQuery = { notices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, kind: NoticeKind, title: string, publishedAt: string, readAt: string | null, publisher: { id: string, name: string } } }> } };

export type NoticeQueryVariables = Exact<{
  id: string;
}>;


export type NoticeQuery = { notice: { body: string, recipientCount: number, id: string, kind: NoticeKind, title: string, publishedAt: string, readAt: string | null, publisher: { id: string, name: string } } };

export type MarkNoticeReadMutationVariables = Exact<{
  id: string;
}>;


export type MarkNoticeReadMutation = { markNoticeRead: { id: string, readAt: string | null } };

export type SurveySummaryFieldsFragment = { id: string, title: string, state: SurveyState, voted: boolean, canVote: boolean, opensAt: string, closesAt: string | null, publishedAt: string, publisher: { id: string, name: string } };

export type SurveyDetailFieldsFragment = { body: string, recipientCount: number, resultsVisibility: ResultsVisibility, canSeeResults: boolean, myChoices: Array<string> | null, id: string, title: string, state: SurveyState, voted: boolean, canVote: boolean, opensAt: string, closesAt: string | null, publishedAt: string, questions: Array<{ id: string, text: string, kind: QuestionKind, required: boolean, minChoices: number, maxChoices: number, options: Array<{ id: string, text: string }> }>, publisher: { id: string, name: string } };

export type SurveysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  keyword?: string | null | undefined;
}>;


export type SurveysQuery = { surveys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, title: string, state: SurveyState, voted: boolean, canVote: boolean, opensAt: string, closesAt: string | null, publishedAt: string, publisher: { id: string, name: string } } }> } };

export type SurveyQueryVariables = Exact<{
  id: string;
}>;


export type SurveyQuery = { survey: { body: string, recipientCount: number, resultsVisibility: ResultsVisibility, canSeeResults: boolean, myChoices: Array<string> | null, id: string, title: string, state: SurveyState, voted: boolean, canVote: boolean, opensAt: string, closesAt: string | null, publishedAt: string, questions: Array<{ id: string, text: string, kind: QuestionKind, required: boolean, minChoices: number, maxChoices: number, options: Array<{ id: string, text: string }> }>, publisher: { id: string, name: string } } };

export type VoteSurveyMutationVariables = Exact<{
  id: string;
  choices: Array<SurveyChoiceInput> | SurveyChoiceInput;
}>;


export type VoteSurveyMutation = { voteSurvey: { body: string, recipientCount: number, resultsVisibility: ResultsVisibility, canSeeResults: boolean, myChoices: Array<string> | null, id: string, title: string, state: SurveyState, voted: boolean, canVote: boolean, opensAt: string, closesAt: string | null, publishedAt: string, questions: Array<{ id: string, text: string, kind: QuestionKind, required: boolean, minChoices: number, maxChoices: number, options: Array<{ id: string, text: string }> }>, publisher: { id: string, name: string } } };

export type DiscussionSummaryFieldsFragment = { id: string, title: string, replyCount: number, lastReplyAt: string | null, createdAt: string, unread: boolean, author: { id: string, name: string } };

export type DiscussionDetailFieldsFragment = { body: string, memberCount: number, id: string, title: string, replyCount: number, lastReplyAt: string | null, createdAt: string, unread: boolean, author: { id: string, name: string } };

export type DiscussionReplyFieldsFragment = { id: string, body: string, createdAt: string, quoteId: string | null, author: { id: string, name: string }, quote: { id: string, body: string, createdAt: string, author: { id: string, name: string } } | null };

export type DiscussionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  keyword?: string | null | undefined;
}>;


export type DiscussionsQuery = { discussions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, title: string, replyCount: number, lastReplyAt: string | null, createdAt: string, unread: boolean, author: { id: string, name: string } } }> } };

export type DiscussionQueryVariables = Exact<{
  id: string;
}>;


export type DiscussionQuery = { discussion: { body: string, memberCount: number, id: string, title: string, replyCount: number, lastReplyAt: string | null, createdAt: string, unread: boolean, author: { id: string, name: string } } };

export type DiscussionRepliesQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DiscussionRepliesQuery = { discussionReplies: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, body: string, createdAt: string, quoteId: string | null, author: { id: string, name: string }, quote: { id: string, body: string, createdAt: string, author: { id: string, name: string } } | null } }> } };

export type MarkDiscussionReadMutationVariables = Exact<{
  id: string;
  seenUpTo?: string | null | undefined;
}>;


export type MarkDiscussionReadMutation = { markDiscussionRead: { id: string, unread: boolean } };

export type ReplyDiscussionMutationVariables = Exact<{
  id: string;
  body: string;
  quoteId?: string | null | undefined;
}>;


export type ReplyDiscussionMutation = { replyDiscussion: { id: string, body: string, createdAt: string, quoteId: string | null, author: { id: string, name: string }, quote: { id: string, body: string, createdAt: string, author: { id: string, name: string } } | null } };

export type DirectoryPersonFieldsFragment = { id: string, name: string, position: string | null, departments: Array<{ id: string, name: string, isMain: boolean }> };

export type EmployeesQueryVariables = Exact<{
  query?: string | null | undefined;
  departmentId?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type EmployeesQuery = { employees: { totalCount: number, nodes: Array<{ id: string, name: string, position: string | null, departments: Array<{ id: string, name: string, isMain: boolean }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type EmployeeQueryVariables = Exact<{
  id: string;
}>;


export type EmployeeQuery = { employee: { id: string, name: string, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, login: string | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> } };

export type ExternalContactSummaryFieldsFragment = { externalUserId: string, name: string, type: ExternalContactType, corpName: string | null, position: string | null };

export type ExternalContactsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ExternalContactsQuery = { externalContacts: { totalCount: number, nodes: Array<{ externalUserId: string, name: string, type: ExternalContactType, corpName: string | null, position: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ExternalContactQueryVariables = Exact<{
  externalUserId: string;
}>;


export type ExternalContactQuery = { externalContact: { gender: Gender, createdAt: string, externalUserId: string, name: string, type: ExternalContactType, corpName: string | null, position: string | null, followers: Array<{ remark: string | null, state: string | null, addedAt: string, employee: { id: string, name: string } }> } };

export type RegistrationFormQueryVariables = Exact<{
  tenant: string;
}>;


export type RegistrationFormQuery = { registrationForm: { company: string, departments: Array<{ id: string, path: string }> } | null };

export type RegistrationOpenQueryVariables = Exact<{
  tenant: string;
}>;


export type RegistrationOpenQuery = { registrationForm: { company: string } | null };

export type RegistrationReceiptFieldsFragment = { status: RegistrationStatus, reason: string | null, createdAt: string, party: Party | null, login: string, signInUrl: string | null };

export type ApplyToRegisterMutationVariables = Exact<{
  tenant: string;
  input: RegistrationInput;
}>;


export type ApplyToRegisterMutation = { applyToRegister: { token: string | null, status: RegistrationStatus, reason: string | null, createdAt: string, party: Party | null, login: string, signInUrl: string | null } };

export type RegistrationStatusQueryVariables = Exact<{
  tenant: string;
  token: string;
}>;


export type RegistrationStatusQuery = { registrationStatus: { status: RegistrationStatus, reason: string | null, createdAt: string, party: Party | null, login: string, signInUrl: string | null } | null };

export type CreateWechatBindQrMutationVariables = Exact<{ [key: string]: never; }>;


export type CreateWechatBindQrMutation = { createWechatBindQR: { scene: string, imageUrl: string, expiresAt: string } };

export type ConfirmWechatBindQrMutationVariables = Exact<{
  scene: string;
}>;


export type ConfirmWechatBindQrMutation = { confirmWechatBindQR: boolean };

export type WechatBindQrStatusQueryVariables = Exact<{
  scene: string;
}>;


export type WechatBindQrStatusQuery = { wechatBindQRStatus: WeChatBindQrStatus };

export type InboxMessageFieldsFragment = { id: string, system: string, title: string, content: string, url: string | null, createdAt: string, read: boolean };

export type MyMessagesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MyMessagesQuery = { myMessages: { next: string | null, unread: number, nodes: Array<{ id: string, system: string, title: string, content: string, url: string | null, createdAt: string, read: boolean }> } };

export type ReadMyMessageMutationVariables = Exact<{
  id: string;
}>;


export type ReadMyMessageMutation = { readMyMessage: { id: string, system: string, title: string, content: string, url: string | null, createdAt: string, read: boolean } };

export type SessionFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } };

export type LoginMutationVariables = Exact<{
  tenant: string;
  login: string;
  password: string;
  bindTicket?: string | null | undefined;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type LogoutMutationVariables = Exact<{
  refreshToken?: string | null | undefined;
}>;


export type LogoutMutation = { logout: boolean };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type ChangePasswordMutationVariables = Exact<{
  oldPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type SurveyResultsQueryVariables = Exact<{
  id: string;
}>;


export type SurveyResultsQuery = { surveyResults: { surveyId: string, ballots: number, questions: Array<{ questionId: string, text: string, kind: QuestionKind, respondents: number, options: Array<{ optionId: string, text: string, count: number, percent: number }> }> } };

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
  rule
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
  comments {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
  attachments {
    id
    name
    contentType
    size
  }
  related {
    id
    title
    status
    createdAt
    sender {
      id
      name
    }
  }
}
    `, {"fragmentName":"ItemDetailFields"}) as unknown as TypedDocumentString<ItemDetailFieldsFragment, unknown>;
export const DepartmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment DepartmentFields on DepartmentNode {
  id
  name
  totalMemberCount
}
    `, {"fragmentName":"DepartmentFields"}) as unknown as TypedDocumentString<DepartmentFieldsFragment, unknown>;
export const NoticeSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment NoticeSummaryFields on Notice {
  id
  kind
  title
  publishedAt
  readAt
  publisher {
    id
    name
  }
}
    `, {"fragmentName":"NoticeSummaryFields"}) as unknown as TypedDocumentString<NoticeSummaryFieldsFragment, unknown>;
export const NoticeDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment NoticeDetailFields on Notice {
  ...NoticeSummaryFields
  body
  recipientCount
}
    fragment NoticeSummaryFields on Notice {
  id
  kind
  title
  publishedAt
  readAt
  publisher {
    id
    name
  }
}`, {"fragmentName":"NoticeDetailFields"}) as unknown as TypedDocumentString<NoticeDetailFieldsFragment, unknown>;
export const SurveySummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment SurveySummaryFields on Survey {
  id
  title
  state
  voted
  canVote
  opensAt
  closesAt
  publishedAt
  publisher {
    id
    name
  }
}
    `, {"fragmentName":"SurveySummaryFields"}) as unknown as TypedDocumentString<SurveySummaryFieldsFragment, unknown>;
export const SurveyDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment SurveyDetailFields on Survey {
  ...SurveySummaryFields
  body
  recipientCount
  resultsVisibility
  canSeeResults
  myChoices
  questions {
    id
    text
    kind
    required
    minChoices
    maxChoices
    options {
      id
      text
    }
  }
}
    fragment SurveySummaryFields on Survey {
  id
  title
  state
  voted
  canVote
  opensAt
  closesAt
  publishedAt
  publisher {
    id
    name
  }
}`, {"fragmentName":"SurveyDetailFields"}) as unknown as TypedDocumentString<SurveyDetailFieldsFragment, unknown>;
export const DiscussionSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment DiscussionSummaryFields on Discussion {
  id
  title
  replyCount
  lastReplyAt
  createdAt
  unread
  author {
    id
    name
  }
}
    `, {"fragmentName":"DiscussionSummaryFields"}) as unknown as TypedDocumentString<DiscussionSummaryFieldsFragment, unknown>;
export const DiscussionDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment DiscussionDetailFields on Discussion {
  ...DiscussionSummaryFields
  body
  memberCount
}
    fragment DiscussionSummaryFields on Discussion {
  id
  title
  replyCount
  lastReplyAt
  createdAt
  unread
  author {
    id
    name
  }
}`, {"fragmentName":"DiscussionDetailFields"}) as unknown as TypedDocumentString<DiscussionDetailFieldsFragment, unknown>;
export const DiscussionReplyFieldsFragmentDoc = new TypedDocumentString(`
    fragment DiscussionReplyFields on DiscussionReply {
  id
  body
  createdAt
  quoteId
  author {
    id
    name
  }
  quote {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
}
    `, {"fragmentName":"DiscussionReplyFields"}) as unknown as TypedDocumentString<DiscussionReplyFieldsFragment, unknown>;
export const DirectoryPersonFieldsFragmentDoc = new TypedDocumentString(`
    fragment DirectoryPersonFields on EmployeeDetail {
  id
  name
  position
  departments {
    id
    name
    isMain
  }
}
    `, {"fragmentName":"DirectoryPersonFields"}) as unknown as TypedDocumentString<DirectoryPersonFieldsFragment, unknown>;
export const ExternalContactSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment ExternalContactSummaryFields on ExternalContact {
  externalUserId
  name
  type
  corpName
  position
}
    `, {"fragmentName":"ExternalContactSummaryFields"}) as unknown as TypedDocumentString<ExternalContactSummaryFieldsFragment, unknown>;
export const RegistrationReceiptFieldsFragmentDoc = new TypedDocumentString(`
    fragment RegistrationReceiptFields on RegistrationReceipt {
  status
  reason
  createdAt
  party
  login
  signInUrl
}
    `, {"fragmentName":"RegistrationReceiptFields"}) as unknown as TypedDocumentString<RegistrationReceiptFieldsFragment, unknown>;
export const InboxMessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment InboxMessageFields on InboxMessage {
  id
  system
  title
  content
  url
  createdAt
  read
}
    `, {"fragmentName":"InboxMessageFields"}) as unknown as TypedDocumentString<InboxMessageFieldsFragment, unknown>;
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
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
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
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ExchangeSsoTicketMutation, ExchangeSsoTicketMutationVariables>;
export const BoxCountsDocument = new TypedDocumentString(`
    query BoxCounts {
  collabCounts {
    todo
  }
}
    `) as unknown as TypedDocumentString<BoxCountsQuery, BoxCountsQueryVariables>;
export const CollabItemsDocument = new TypedDocumentString(`
    query CollabItems($box: Box!, $first: Int, $after: String, $keyword: String, $withRecipients: Boolean = false) {
  collabItems(box: $box, first: $first, after: $after, keyword: $keyword) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...ItemSummaryFields
        recipientSummary @include(if: $withRecipients) {
          count
          first {
            id
            name
          }
        }
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
  rule
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
  comments {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
  attachments {
    id
    name
    contentType
    size
  }
  related {
    id
    title
    status
    createdAt
    sender {
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
export const AttachmentLinksDocument = new TypedDocumentString(`
    query AttachmentLinks($id: ID!) {
  collabItem(id: $id) {
    id
    attachments {
      id
      downloadUrl
    }
  }
}
    `) as unknown as TypedDocumentString<AttachmentLinksQuery, AttachmentLinksQueryVariables>;
export const WithdrawCollabItemDocument = new TypedDocumentString(`
    mutation WithdrawCollabItem($id: ID!) {
  withdrawCollabItem(id: $id) {
    ...ItemDetailFields
  }
}
    fragment ItemDetailFields on CollabItem {
  id
  title
  body
  rule
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
  comments {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
  attachments {
    id
    name
    contentType
    size
  }
  related {
    id
    title
    status
    createdAt
    sender {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<WithdrawCollabItemMutation, WithdrawCollabItemMutationVariables>;
export const DepartmentTreeDocument = new TypedDocumentString(`
    query DepartmentTree {
  departments {
    ...DepartmentFields
    children {
      ...DepartmentFields
      children {
        ...DepartmentFields
        children {
          ...DepartmentFields
          children {
            ...DepartmentFields
            children {
              ...DepartmentFields
            }
          }
        }
      }
    }
  }
}
    fragment DepartmentFields on DepartmentNode {
  id
  name
  totalMemberCount
}`) as unknown as TypedDocumentString<DepartmentTreeQuery, DepartmentTreeQueryVariables>;
export const RelatableItemsDocument = new TypedDocumentString(`
    query RelatableItems($box: Box!, $keyword: String, $first: Int, $after: String) {
  collabItems(box: $box, keyword: $keyword, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
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
}`) as unknown as TypedDocumentString<RelatableItemsQuery, RelatableItemsQueryVariables>;
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
  rule
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
  comments {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
  attachments {
    id
    name
    contentType
    size
  }
  related {
    id
    title
    status
    createdAt
    sender {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<HandleCollabItemMutation, HandleCollabItemMutationVariables>;
export const UnreadCountsDocument = new TypedDocumentString(`
    query UnreadCounts {
  unreadCounts {
    notice
    news
    survey
    discussion
  }
}
    `) as unknown as TypedDocumentString<UnreadCountsQuery, UnreadCountsQueryVariables>;
export const NoticesDocument = new TypedDocumentString(`
    query Notices($kind: NoticeKind!, $first: Int, $after: String, $keyword: String) {
  notices(kind: $kind, first: $first, after: $after, keyword: $keyword) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...NoticeSummaryFields
      }
    }
  }
}
    fragment NoticeSummaryFields on Notice {
  id
  kind
  title
  publishedAt
  readAt
  publisher {
    id
    name
  }
}`) as unknown as TypedDocumentString<NoticesQuery, NoticesQueryVariables>;
export const NoticeDocument = new TypedDocumentString(`
    query Notice($id: ID!) {
  notice(id: $id) {
    ...NoticeDetailFields
  }
}
    fragment NoticeSummaryFields on Notice {
  id
  kind
  title
  publishedAt
  readAt
  publisher {
    id
    name
  }
}
fragment NoticeDetailFields on Notice {
  ...NoticeSummaryFields
  body
  recipientCount
}`) as unknown as TypedDocumentString<NoticeQuery, NoticeQueryVariables>;
export const MarkNoticeReadDocument = new TypedDocumentString(`
    mutation MarkNoticeRead($id: ID!) {
  markNoticeRead(id: $id) {
    id
    readAt
  }
}
    `) as unknown as TypedDocumentString<MarkNoticeReadMutation, MarkNoticeReadMutationVariables>;
export const SurveysDocument = new TypedDocumentString(`
    query Surveys($first: Int, $after: String, $keyword: String) {
  surveys(first: $first, after: $after, keyword: $keyword) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...SurveySummaryFields
      }
    }
  }
}
    fragment SurveySummaryFields on Survey {
  id
  title
  state
  voted
  canVote
  opensAt
  closesAt
  publishedAt
  publisher {
    id
    name
  }
}`) as unknown as TypedDocumentString<SurveysQuery, SurveysQueryVariables>;
export const SurveyDocument = new TypedDocumentString(`
    query Survey($id: ID!) {
  survey(id: $id) {
    ...SurveyDetailFields
  }
}
    fragment SurveySummaryFields on Survey {
  id
  title
  state
  voted
  canVote
  opensAt
  closesAt
  publishedAt
  publisher {
    id
    name
  }
}
fragment SurveyDetailFields on Survey {
  ...SurveySummaryFields
  body
  recipientCount
  resultsVisibility
  canSeeResults
  myChoices
  questions {
    id
    text
    kind
    required
    minChoices
    maxChoices
    options {
      id
      text
    }
  }
}`) as unknown as TypedDocumentString<SurveyQuery, SurveyQueryVariables>;
export const VoteSurveyDocument = new TypedDocumentString(`
    mutation VoteSurvey($id: ID!, $choices: [SurveyChoiceInput!]!) {
  voteSurvey(id: $id, choices: $choices) {
    ...SurveyDetailFields
  }
}
    fragment SurveySummaryFields on Survey {
  id
  title
  state
  voted
  canVote
  opensAt
  closesAt
  publishedAt
  publisher {
    id
    name
  }
}
fragment SurveyDetailFields on Survey {
  ...SurveySummaryFields
  body
  recipientCount
  resultsVisibility
  canSeeResults
  myChoices
  questions {
    id
    text
    kind
    required
    minChoices
    maxChoices
    options {
      id
      text
    }
  }
}`) as unknown as TypedDocumentString<VoteSurveyMutation, VoteSurveyMutationVariables>;
export const DiscussionsDocument = new TypedDocumentString(`
    query Discussions($first: Int, $after: String, $keyword: String) {
  discussions(first: $first, after: $after, keyword: $keyword) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...DiscussionSummaryFields
      }
    }
  }
}
    fragment DiscussionSummaryFields on Discussion {
  id
  title
  replyCount
  lastReplyAt
  createdAt
  unread
  author {
    id
    name
  }
}`) as unknown as TypedDocumentString<DiscussionsQuery, DiscussionsQueryVariables>;
export const DiscussionDocument = new TypedDocumentString(`
    query Discussion($id: ID!) {
  discussion(id: $id) {
    ...DiscussionDetailFields
  }
}
    fragment DiscussionSummaryFields on Discussion {
  id
  title
  replyCount
  lastReplyAt
  createdAt
  unread
  author {
    id
    name
  }
}
fragment DiscussionDetailFields on Discussion {
  ...DiscussionSummaryFields
  body
  memberCount
}`) as unknown as TypedDocumentString<DiscussionQuery, DiscussionQueryVariables>;
export const DiscussionRepliesDocument = new TypedDocumentString(`
    query DiscussionReplies($id: ID!, $first: Int, $after: String) {
  discussionReplies(id: $id, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...DiscussionReplyFields
      }
    }
  }
}
    fragment DiscussionReplyFields on DiscussionReply {
  id
  body
  createdAt
  quoteId
  author {
    id
    name
  }
  quote {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<DiscussionRepliesQuery, DiscussionRepliesQueryVariables>;
export const MarkDiscussionReadDocument = new TypedDocumentString(`
    mutation MarkDiscussionRead($id: ID!, $seenUpTo: Time) {
  markDiscussionRead(id: $id, seenUpTo: $seenUpTo) {
    id
    unread
  }
}
    `) as unknown as TypedDocumentString<MarkDiscussionReadMutation, MarkDiscussionReadMutationVariables>;
export const ReplyDiscussionDocument = new TypedDocumentString(`
    mutation ReplyDiscussion($id: ID!, $body: String!, $quoteId: ID) {
  replyDiscussion(id: $id, body: $body, quoteId: $quoteId) {
    ...DiscussionReplyFields
  }
}
    fragment DiscussionReplyFields on DiscussionReply {
  id
  body
  createdAt
  quoteId
  author {
    id
    name
  }
  quote {
    id
    body
    createdAt
    author {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ReplyDiscussionMutation, ReplyDiscussionMutationVariables>;
export const EmployeesDocument = new TypedDocumentString(`
    query Employees($query: String, $departmentId: ID, $first: Int, $after: String) {
  employees(
    query: $query
    departmentId: $departmentId
    withSubDepartments: true
    first: $first
    after: $after
  ) {
    nodes {
      ...DirectoryPersonFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment DirectoryPersonFields on EmployeeDetail {
  id
  name
  position
  departments {
    id
    name
    isMain
  }
}`) as unknown as TypedDocumentString<EmployeesQuery, EmployeesQueryVariables>;
export const EmployeeDocument = new TypedDocumentString(`
    query Employee($id: ID!) {
  employee(id: $id) {
    id
    name
    position
    mobile
    email
    status
    login
    departments {
      id
      name
      isMain
      isLeader
    }
  }
}
    `) as unknown as TypedDocumentString<EmployeeQuery, EmployeeQueryVariables>;
export const ExternalContactsDocument = new TypedDocumentString(`
    query ExternalContacts($first: Int, $after: String) {
  externalContacts(first: $first, after: $after) {
    nodes {
      ...ExternalContactSummaryFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment ExternalContactSummaryFields on ExternalContact {
  externalUserId
  name
  type
  corpName
  position
}`) as unknown as TypedDocumentString<ExternalContactsQuery, ExternalContactsQueryVariables>;
export const ExternalContactDocument = new TypedDocumentString(`
    query ExternalContact($externalUserId: String!) {
  externalContact(externalUserId: $externalUserId) {
    ...ExternalContactSummaryFields
    gender
    createdAt
    followers {
      employee {
        id
        name
      }
      remark
      state
      addedAt
    }
  }
}
    fragment ExternalContactSummaryFields on ExternalContact {
  externalUserId
  name
  type
  corpName
  position
}`) as unknown as TypedDocumentString<ExternalContactQuery, ExternalContactQueryVariables>;
export const RegistrationFormDocument = new TypedDocumentString(`
    query RegistrationForm($tenant: String!) {
  registrationForm(tenant: $tenant) {
    company
    departments {
      id
      path
    }
  }
}
    `) as unknown as TypedDocumentString<RegistrationFormQuery, RegistrationFormQueryVariables>;
export const RegistrationOpenDocument = new TypedDocumentString(`
    query RegistrationOpen($tenant: String!) {
  registrationForm(tenant: $tenant) {
    company
  }
}
    `) as unknown as TypedDocumentString<RegistrationOpenQuery, RegistrationOpenQueryVariables>;
export const ApplyToRegisterDocument = new TypedDocumentString(`
    mutation ApplyToRegister($tenant: String!, $input: RegistrationInput!) {
  applyToRegister(tenant: $tenant, input: $input) {
    ...RegistrationReceiptFields
    token
  }
}
    fragment RegistrationReceiptFields on RegistrationReceipt {
  status
  reason
  createdAt
  party
  login
  signInUrl
}`) as unknown as TypedDocumentString<ApplyToRegisterMutation, ApplyToRegisterMutationVariables>;
export const RegistrationStatusDocument = new TypedDocumentString(`
    query RegistrationStatus($tenant: String!, $token: String!) {
  registrationStatus(tenant: $tenant, token: $token) {
    ...RegistrationReceiptFields
  }
}
    fragment RegistrationReceiptFields on RegistrationReceipt {
  status
  reason
  createdAt
  party
  login
  signInUrl
}`) as unknown as TypedDocumentString<RegistrationStatusQuery, RegistrationStatusQueryVariables>;
export const CreateWechatBindQrDocument = new TypedDocumentString(`
    mutation CreateWechatBindQR {
  createWechatBindQR {
    scene
    imageUrl
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CreateWechatBindQrMutation, CreateWechatBindQrMutationVariables>;
export const ConfirmWechatBindQrDocument = new TypedDocumentString(`
    mutation ConfirmWechatBindQR($scene: String!) {
  confirmWechatBindQR(scene: $scene)
}
    `) as unknown as TypedDocumentString<ConfirmWechatBindQrMutation, ConfirmWechatBindQrMutationVariables>;
export const WechatBindQrStatusDocument = new TypedDocumentString(`
    query WechatBindQRStatus($scene: String!) {
  wechatBindQRStatus(scene: $scene)
}
    `) as unknown as TypedDocumentString<WechatBindQrStatusQuery, WechatBindQrStatusQueryVariables>;
export const MyMessagesDocument = new TypedDocumentString(`
    query MyMessages($first: Int, $after: String) {
  myMessages(first: $first, after: $after) {
    nodes {
      ...InboxMessageFields
    }
    next
    unread
  }
}
    fragment InboxMessageFields on InboxMessage {
  id
  system
  title
  content
  url
  createdAt
  read
}`) as unknown as TypedDocumentString<MyMessagesQuery, MyMessagesQueryVariables>;
export const ReadMyMessageDocument = new TypedDocumentString(`
    mutation ReadMyMessage($id: ID!) {
  readMyMessage(id: $id) {
    ...InboxMessageFields
  }
}
    fragment InboxMessageFields on InboxMessage {
  id
  system
  title
  content
  url
  createdAt
  read
}`) as unknown as TypedDocumentString<ReadMyMessageMutation, ReadMyMessageMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {
  login(
    tenant: $tenant
    login: $login
    password: $password
    bindTicket: $bindTicket
  ) {
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
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($refreshToken: String) {
  logout(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
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
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
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
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const SurveyResultsDocument = new TypedDocumentString(`
    query SurveyResults($id: ID!) {
  surveyResults(id: $id) {
    surveyId
    ballots
    questions {
      questionId
      text
      kind
      respondents
      options {
        optionId
        text
        count
        percent
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SurveyResultsQuery, SurveyResultsQueryVariables>;