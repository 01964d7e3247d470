// Every GraphQL operation the H5 sends. `npm run codegen` turns each into a typed document in src/gql/.
import { graphql } from '@/gql'

export const ExchangeSsoTicketDocument = graphql(`
  mutation ExchangeSsoTicket($ticket: String!) {
    exchangeSsoTicket(ticket: $ticket) {
      ...SessionFields
    }
  }
`)

export const ItemSummaryFields = graphql(`
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
`)

export const ItemDetailFields = graphql(`
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
`)

// The home page's 待办 badge: only the todo box asks for action (已发 and 已办 need none).
export const BoxCountsDocument = graphql(`
  query BoxCounts {
    collabCounts {
      todo
    }
  }
`)

// One page of a box, optionally searched; the sent box's rows name their recipients (withRecipients).
export const CollabItemsDocument = graphql(`
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
`)

export const CollabItemDocument = graphql(`
  query CollabItem($id: ID!) {
    collabItem(id: $id) {
      ...ItemDetailFields
    }
  }
`)

export const ColleaguesDocument = graphql(`
  query Colleagues($search: String, $first: Int) {
    colleagues(search: $search, first: $first) {
      id
      name
    }
  }
`)

export const SendCollabItemDocument = graphql(`
  mutation SendCollabItem($input: SendCollabItemInput!) {
    sendCollabItem(input: $input) {
      id
    }
  }
`)

// A fresh link per attachment, asked for when one is opened: the links work without an Authorization header (WeCom's
// browser sends none when it follows a link) but only for a few minutes.
export const AttachmentLinksDocument = graphql(`
  query AttachmentLinks($id: ID!) {
    collabItem(id: $id) {
      id
      attachments {
        id
        downloadUrl
      }
    }
  }
`)

export const WithdrawCollabItemDocument = graphql(`
  mutation WithdrawCollabItem($id: ID!) {
    withdrawCollabItem(id: $id) {
      ...ItemDetailFields
    }
  }
`)

// The compose page's pickers: the department tree (six levels; choosing a department includes everything under
// it, so deeper ones are reached through an ancestor) and items from the sender's own lists to relate.
export const DepartmentFields = graphql(`
  fragment DepartmentFields on DepartmentNode {
    id
    name
    totalMemberCount
  }
`)

export const DepartmentTreeDocument = graphql(`
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
`)

export const RelatableItemsDocument = graphql(`
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
`)

export const HandleCollabItemDocument = graphql(`
  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {
    handleCollabItem(id: $id, action: $action, opinion: $opinion) {
      ...ItemDetailFields
    }
  }
`)

// Published items: notices and news (公告 / 新闻), surveys (调查), discussions (讨论).

export const NoticeSummaryFields = graphql(`
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
`)

export const NoticeDetailFields = graphql(`
  fragment NoticeDetailFields on Notice {
    ...NoticeSummaryFields
    body
    recipientCount
  }
`)

// What waits for the viewer: the badges of the home page and the notices page.
export const UnreadCountsDocument = graphql(`
  query UnreadCounts {
    unreadCounts {
      notice
      news
      survey
      discussion
    }
  }
`)

export const NoticesDocument = graphql(`
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
`)

export const NoticeDocument = graphql(`
  query Notice($id: ID!) {
    notice(id: $id) {
      ...NoticeDetailFields
    }
  }
`)

export const MarkNoticeReadDocument = graphql(`
  mutation MarkNoticeRead($id: ID!) {
    markNoticeRead(id: $id) {
      id
      readAt
    }
  }
`)

export const SurveySummaryFields = graphql(`
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
`)

export const SurveyDetailFields = graphql(`
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
`)

export const SurveysDocument = graphql(`
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
`)

export const SurveyDocument = graphql(`
  query Survey($id: ID!) {
    survey(id: $id) {
      ...SurveyDetailFields
    }
  }
`)

export const VoteSurveyDocument = graphql(`
  mutation VoteSurvey($id: ID!, $choices: [SurveyChoiceInput!]!) {
    voteSurvey(id: $id, choices: $choices) {
      ...SurveyDetailFields
    }
  }
`)

export const DiscussionSummaryFields = graphql(`
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
`)

export const DiscussionDetailFields = graphql(`
  fragment DiscussionDetailFields on Discussion {
    ...DiscussionSummaryFields
    body
    memberCount
  }
`)

export const DiscussionReplyFields = graphql(`
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
`)

export const DiscussionsDocument = graphql(`
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
`)

export const DiscussionDocument = graphql(`
  query Discussion($id: ID!) {
    discussion(id: $id) {
      ...DiscussionDetailFields
    }
  }
`)

export const DiscussionRepliesDocument = graphql(`
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
`)

export const MarkDiscussionReadDocument = graphql(`
  mutation MarkDiscussionRead($id: ID!, $seenUpTo: Time) {
    markDiscussionRead(id: $id, seenUpTo: $seenUpTo) {
      id
      unread
    }
  }
`)

export const ReplyDiscussionDocument = graphql(`
  mutation ReplyDiscussion($id: ID!, $body: String!, $quoteId: ID) {
    replyDiscussion(id: $id, body: $body, quoteId: $quoteId) {
      ...DiscussionReplyFields
    }
  }
`)

// The staff directory (员工通讯录): people page by page (searched, or in a department with those under it), and one
// person's card. The department tree is DepartmentTree's.
export const DirectoryPersonFields = graphql(`
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
`)

export const EmployeesDocument = graphql(`
  query Employees($query: String, $departmentId: ID, $first: Int, $after: String) {
    employees(query: $query, departmentId: $departmentId, withSubDepartments: true, first: $first, after: $after) {
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
`)

export const EmployeeDocument = graphql(`
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
`)

// External contacts (外部联系人): the list (the server has no search for them) and one contact with its followers.
export const ExternalContactSummaryFields = graphql(`
  fragment ExternalContactSummaryFields on ExternalContact {
    externalUserId
    name
    type
    corpName
    position
  }
`)

export const ExternalContactsDocument = graphql(`
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
`)

export const ExternalContactDocument = graphql(`
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
`)

export const RegistrationFormDocument = graphql(`
  query RegistrationForm($tenant: String!) {
    registrationForm(tenant: $tenant) {
      company
      departments {
        id
        path
      }
    }
  }
`)

// The login page only asks whether the tenant takes applications.
export const RegistrationOpenDocument = graphql(`
  query RegistrationOpen($tenant: String!) {
    registrationForm(tenant: $tenant) {
      company
    }
  }
`)

export const RegistrationReceiptFields = graphql(`
  fragment RegistrationReceiptFields on RegistrationReceipt {
    status
    reason
    createdAt
    party
    login
    signInUrl
  }
`)

export const ApplyToRegisterDocument = graphql(`
  mutation ApplyToRegister($tenant: String!, $input: RegistrationInput!) {
    applyToRegister(tenant: $tenant, input: $input) {
      ...RegistrationReceiptFields
      token
    }
  }
`)

export const RegistrationStatusDocument = graphql(`
  query RegistrationStatus($tenant: String!, $token: String!) {
    registrationStatus(tenant: $tenant, token: $token) {
      ...RegistrationReceiptFields
    }
  }
`)

export const CreateWechatBindQrDocument = graphql(`
  mutation CreateWechatBindQR {
    createWechatBindQR {
      scene
      imageUrl
      expiresAt
    }
  }
`)

export const ConfirmWechatBindQrDocument = graphql(`
  mutation ConfirmWechatBindQR($scene: String!) {
    confirmWechatBindQR(scene: $scene)
  }
`)

export const WechatBindQrStatusDocument = graphql(`
  query WechatBindQRStatus($scene: String!) {
    wechatBindQRStatus(scene: $scene)
  }
`)

// A customer's or supplier's contact person (role CONTACT): the messages the business systems sent them.
export const InboxMessageFields = graphql(`
  fragment InboxMessageFields on InboxMessage {
    id
    system
    title
    content
    url
    createdAt
    read
  }
`)

export const MyMessagesDocument = graphql(`
  query MyMessages($first: Int, $after: String) {
    myMessages(first: $first, after: $after) {
      nodes {
        ...InboxMessageFields
      }
      next
      unread
    }
  }
`)

export const ReadMyMessageDocument = graphql(`
  mutation ReadMyMessage($id: ID!) {
    readMyMessage(id: $id) {
      ...InboxMessageFields
    }
  }
`)
