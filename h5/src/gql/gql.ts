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
    "\n  mutation ExchangeSsoTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n": typeof types.ExchangeSsoTicketDocument,
    "\n  fragment ItemSummaryFields on CollabItem {\n    id\n    title\n    status\n    createdAt\n    sender {\n      id\n      name\n    }\n  }\n": typeof types.ItemSummaryFieldsFragmentDoc,
    "\n  fragment ItemDetailFields on CollabItem {\n    id\n    title\n    body\n    rule\n    status\n    createdAt\n    actions\n    sender {\n      id\n      name\n    }\n    recipients {\n      state\n      opinion\n      handledAt\n      employee {\n        id\n        name\n      }\n    }\n    comments {\n      id\n      body\n      createdAt\n      author {\n        id\n        name\n      }\n    }\n    attachments {\n      id\n      name\n      contentType\n      size\n    }\n    related {\n      id\n      title\n      status\n      createdAt\n      sender {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ItemDetailFieldsFragmentDoc,
    "\n  query BoxCounts {\n    collabCounts {\n      todo\n    }\n  }\n": typeof types.BoxCountsDocument,
    "\n  query CollabItems($box: Box!, $first: Int, $after: String, $keyword: String, $withRecipients: Boolean = false) {\n    collabItems(box: $box, first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ItemSummaryFields\n          recipientSummary @include(if: $withRecipients) {\n            count\n            first {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CollabItemsDocument,
    "\n  query CollabItem($id: ID!) {\n    collabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n": typeof types.CollabItemDocument,
    "\n  query Colleagues($search: String, $first: Int) {\n    colleagues(search: $search, first: $first) {\n      id\n      name\n    }\n  }\n": typeof types.ColleaguesDocument,
    "\n  mutation SendCollabItem($input: SendCollabItemInput!) {\n    sendCollabItem(input: $input) {\n      id\n    }\n  }\n": typeof types.SendCollabItemDocument,
    "\n  query AttachmentLinks($id: ID!) {\n    collabItem(id: $id) {\n      id\n      attachments {\n        id\n        downloadUrl\n      }\n    }\n  }\n": typeof types.AttachmentLinksDocument,
    "\n  mutation WithdrawCollabItem($id: ID!) {\n    withdrawCollabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n": typeof types.WithdrawCollabItemDocument,
    "\n  fragment DepartmentFields on DepartmentNode {\n    id\n    name\n    totalMemberCount\n  }\n": typeof types.DepartmentFieldsFragmentDoc,
    "\n  query DepartmentTree {\n    departments {\n      ...DepartmentFields\n      children {\n        ...DepartmentFields\n        children {\n          ...DepartmentFields\n          children {\n            ...DepartmentFields\n            children {\n              ...DepartmentFields\n              children {\n                ...DepartmentFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DepartmentTreeDocument,
    "\n  query RelatableItems($box: Box!, $keyword: String, $first: Int, $after: String) {\n    collabItems(box: $box, keyword: $keyword, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ItemSummaryFields\n        }\n      }\n    }\n  }\n": typeof types.RelatableItemsDocument,
    "\n  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {\n    handleCollabItem(id: $id, action: $action, opinion: $opinion) {\n      ...ItemDetailFields\n    }\n  }\n": typeof types.HandleCollabItemDocument,
    "\n  fragment NoticeSummaryFields on Notice {\n    id\n    kind\n    title\n    publishedAt\n    readAt\n    publisher {\n      id\n      name\n    }\n  }\n": typeof types.NoticeSummaryFieldsFragmentDoc,
    "\n  fragment NoticeDetailFields on Notice {\n    ...NoticeSummaryFields\n    body\n    recipientCount\n  }\n": typeof types.NoticeDetailFieldsFragmentDoc,
    "\n  query UnreadCounts {\n    unreadCounts {\n      notice\n      news\n      survey\n      discussion\n    }\n  }\n": typeof types.UnreadCountsDocument,
    "\n  query Notices($kind: NoticeKind!, $first: Int, $after: String, $keyword: String) {\n    notices(kind: $kind, first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...NoticeSummaryFields\n        }\n      }\n    }\n  }\n": typeof types.NoticesDocument,
    "\n  query Notice($id: ID!) {\n    notice(id: $id) {\n      ...NoticeDetailFields\n    }\n  }\n": typeof types.NoticeDocument,
    "\n  mutation MarkNoticeRead($id: ID!) {\n    markNoticeRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": typeof types.MarkNoticeReadDocument,
    "\n  fragment SurveySummaryFields on Survey {\n    id\n    title\n    state\n    voted\n    canVote\n    opensAt\n    closesAt\n    publishedAt\n    publisher {\n      id\n      name\n    }\n  }\n": typeof types.SurveySummaryFieldsFragmentDoc,
    "\n  fragment SurveyDetailFields on Survey {\n    ...SurveySummaryFields\n    body\n    recipientCount\n    resultsVisibility\n    canSeeResults\n    myChoices\n    questions {\n      id\n      text\n      kind\n      required\n      minChoices\n      maxChoices\n      options {\n        id\n        text\n      }\n    }\n  }\n": typeof types.SurveyDetailFieldsFragmentDoc,
    "\n  query Surveys($first: Int, $after: String, $keyword: String) {\n    surveys(first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...SurveySummaryFields\n        }\n      }\n    }\n  }\n": typeof types.SurveysDocument,
    "\n  query Survey($id: ID!) {\n    survey(id: $id) {\n      ...SurveyDetailFields\n    }\n  }\n": typeof types.SurveyDocument,
    "\n  mutation VoteSurvey($id: ID!, $choices: [SurveyChoiceInput!]!) {\n    voteSurvey(id: $id, choices: $choices) {\n      ...SurveyDetailFields\n    }\n  }\n": typeof types.VoteSurveyDocument,
    "\n  fragment DiscussionSummaryFields on Discussion {\n    id\n    title\n    replyCount\n    lastReplyAt\n    createdAt\n    unread\n    author {\n      id\n      name\n    }\n  }\n": typeof types.DiscussionSummaryFieldsFragmentDoc,
    "\n  fragment DiscussionDetailFields on Discussion {\n    ...DiscussionSummaryFields\n    body\n    memberCount\n  }\n": typeof types.DiscussionDetailFieldsFragmentDoc,
    "\n  fragment DiscussionReplyFields on DiscussionReply {\n    id\n    body\n    createdAt\n    quoteId\n    author {\n      id\n      name\n    }\n    quote {\n      id\n      body\n      createdAt\n      author {\n        id\n        name\n      }\n    }\n  }\n": typeof types.DiscussionReplyFieldsFragmentDoc,
    "\n  query Discussions($first: Int, $after: String, $keyword: String) {\n    discussions(first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...DiscussionSummaryFields\n        }\n      }\n    }\n  }\n": typeof types.DiscussionsDocument,
    "\n  query Discussion($id: ID!) {\n    discussion(id: $id) {\n      ...DiscussionDetailFields\n    }\n  }\n": typeof types.DiscussionDocument,
    "\n  query DiscussionReplies($id: ID!, $first: Int, $after: String) {\n    discussionReplies(id: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...DiscussionReplyFields\n        }\n      }\n    }\n  }\n": typeof types.DiscussionRepliesDocument,
    "\n  mutation MarkDiscussionRead($id: ID!, $seenUpTo: Time) {\n    markDiscussionRead(id: $id, seenUpTo: $seenUpTo) {\n      id\n      unread\n    }\n  }\n": typeof types.MarkDiscussionReadDocument,
    "\n  mutation ReplyDiscussion($id: ID!, $body: String!, $quoteId: ID) {\n    replyDiscussion(id: $id, body: $body, quoteId: $quoteId) {\n      ...DiscussionReplyFields\n    }\n  }\n": typeof types.ReplyDiscussionDocument,
    "\n  fragment DirectoryPersonFields on EmployeeDetail {\n    id\n    name\n    position\n    departments {\n      id\n      name\n      isMain\n    }\n  }\n": typeof types.DirectoryPersonFieldsFragmentDoc,
    "\n  query Employees($query: String, $departmentId: ID, $first: Int, $after: String) {\n    employees(query: $query, departmentId: $departmentId, withSubDepartments: true, first: $first, after: $after) {\n      nodes {\n        ...DirectoryPersonFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.EmployeesDocument,
    "\n  query Employee($id: ID!) {\n    employee(id: $id) {\n      id\n      name\n      position\n      mobile\n      email\n      status\n      login\n      departments {\n        id\n        name\n        isMain\n        isLeader\n      }\n    }\n  }\n": typeof types.EmployeeDocument,
    "\n  fragment ExternalContactSummaryFields on ExternalContact {\n    externalUserId\n    name\n    type\n    corpName\n    position\n  }\n": typeof types.ExternalContactSummaryFieldsFragmentDoc,
    "\n  query ExternalContacts($first: Int, $after: String) {\n    externalContacts(first: $first, after: $after) {\n      nodes {\n        ...ExternalContactSummaryFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.ExternalContactsDocument,
    "\n  query ExternalContact($externalUserId: String!) {\n    externalContact(externalUserId: $externalUserId) {\n      ...ExternalContactSummaryFields\n      gender\n      createdAt\n      followers {\n        employee {\n          id\n          name\n        }\n        remark\n        state\n        addedAt\n      }\n    }\n  }\n": typeof types.ExternalContactDocument,
    "\n  query RegistrationForm($tenant: String!) {\n    registrationForm(tenant: $tenant) {\n      company\n      departments {\n        id\n        path\n      }\n    }\n  }\n": typeof types.RegistrationFormDocument,
    "\n  query RegistrationOpen($tenant: String!) {\n    registrationForm(tenant: $tenant) {\n      company\n    }\n  }\n": typeof types.RegistrationOpenDocument,
    "\n  fragment RegistrationReceiptFields on RegistrationReceipt {\n    status\n    reason\n    createdAt\n    party\n    login\n    signInUrl\n  }\n": typeof types.RegistrationReceiptFieldsFragmentDoc,
    "\n  mutation ApplyToRegister($tenant: String!, $input: RegistrationInput!) {\n    applyToRegister(tenant: $tenant, input: $input) {\n      ...RegistrationReceiptFields\n      token\n    }\n  }\n": typeof types.ApplyToRegisterDocument,
    "\n  query RegistrationStatus($tenant: String!, $token: String!) {\n    registrationStatus(tenant: $tenant, token: $token) {\n      ...RegistrationReceiptFields\n    }\n  }\n": typeof types.RegistrationStatusDocument,
    "\n  mutation CreateWechatBindQR {\n    createWechatBindQR {\n      scene\n      imageUrl\n      expiresAt\n    }\n  }\n": typeof types.CreateWechatBindQrDocument,
    "\n  mutation ConfirmWechatBindQR($scene: String!) {\n    confirmWechatBindQR(scene: $scene)\n  }\n": typeof types.ConfirmWechatBindQrDocument,
    "\n  query WechatBindQRStatus($scene: String!) {\n    wechatBindQRStatus(scene: $scene)\n  }\n": typeof types.WechatBindQrStatusDocument,
    "\n  fragment InboxMessageFields on InboxMessage {\n    id\n    system\n    title\n    content\n    url\n    createdAt\n    read\n  }\n": typeof types.InboxMessageFieldsFragmentDoc,
    "\n  query MyMessages($first: Int, $after: String) {\n    myMessages(first: $first, after: $after) {\n      nodes {\n        ...InboxMessageFields\n      }\n      next\n      unread\n    }\n  }\n": typeof types.MyMessagesDocument,
    "\n  mutation ReadMyMessage($id: ID!) {\n    readMyMessage(id: $id) {\n      ...InboxMessageFields\n    }\n  }\n": typeof types.ReadMyMessageDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      contact {\n        name\n        company\n        party\n      }\n      employee {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {\n    login(tenant: $tenant, login: $login, password: $password, bindTicket: $bindTicket) {\n      ...SessionFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout($refreshToken: String) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query SurveyResults($id: ID!) {\n    surveyResults(id: $id) {\n      surveyId\n      ballots\n      questions {\n        questionId\n        text\n        kind\n        respondents\n        options {\n          optionId\n          text\n          count\n          percent\n        }\n      }\n    }\n  }\n": typeof types.SurveyResultsDocument,
};
const documents: Documents = {
    "\n  mutation ExchangeSsoTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n": types.ExchangeSsoTicketDocument,
    "\n  fragment ItemSummaryFields on CollabItem {\n    id\n    title\n    status\n    createdAt\n    sender {\n      id\n      name\n    }\n  }\n": types.ItemSummaryFieldsFragmentDoc,
    "\n  fragment ItemDetailFields on CollabItem {\n    id\n    title\n    body\n    rule\n    status\n    createdAt\n    actions\n    sender {\n      id\n      name\n    }\n    recipients {\n      state\n      opinion\n      handledAt\n      employee {\n        id\n        name\n      }\n    }\n    comments {\n      id\n      body\n      createdAt\n      author {\n        id\n        name\n      }\n    }\n    attachments {\n      id\n      name\n      contentType\n      size\n    }\n    related {\n      id\n      title\n      status\n      createdAt\n      sender {\n        id\n        name\n      }\n    }\n  }\n": types.ItemDetailFieldsFragmentDoc,
    "\n  query BoxCounts {\n    collabCounts {\n      todo\n    }\n  }\n": types.BoxCountsDocument,
    "\n  query CollabItems($box: Box!, $first: Int, $after: String, $keyword: String, $withRecipients: Boolean = false) {\n    collabItems(box: $box, first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ItemSummaryFields\n          recipientSummary @include(if: $withRecipients) {\n            count\n            first {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CollabItemsDocument,
    "\n  query CollabItem($id: ID!) {\n    collabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n": types.CollabItemDocument,
    "\n  query Colleagues($search: String, $first: Int) {\n    colleagues(search: $search, first: $first) {\n      id\n      name\n    }\n  }\n": types.ColleaguesDocument,
    "\n  mutation SendCollabItem($input: SendCollabItemInput!) {\n    sendCollabItem(input: $input) {\n      id\n    }\n  }\n": types.SendCollabItemDocument,
    "\n  query AttachmentLinks($id: ID!) {\n    collabItem(id: $id) {\n      id\n      attachments {\n        id\n        downloadUrl\n      }\n    }\n  }\n": types.AttachmentLinksDocument,
    "\n  mutation WithdrawCollabItem($id: ID!) {\n    withdrawCollabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n": types.WithdrawCollabItemDocument,
    "\n  fragment DepartmentFields on DepartmentNode {\n    id\n    name\n    totalMemberCount\n  }\n": types.DepartmentFieldsFragmentDoc,
    "\n  query DepartmentTree {\n    departments {\n      ...DepartmentFields\n      children {\n        ...DepartmentFields\n        children {\n          ...DepartmentFields\n          children {\n            ...DepartmentFields\n            children {\n              ...DepartmentFields\n              children {\n                ...DepartmentFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DepartmentTreeDocument,
    "\n  query RelatableItems($box: Box!, $keyword: String, $first: Int, $after: String) {\n    collabItems(box: $box, keyword: $keyword, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ItemSummaryFields\n        }\n      }\n    }\n  }\n": types.RelatableItemsDocument,
    "\n  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {\n    handleCollabItem(id: $id, action: $action, opinion: $opinion) {\n      ...ItemDetailFields\n    }\n  }\n": types.HandleCollabItemDocument,
    "\n  fragment NoticeSummaryFields on Notice {\n    id\n    kind\n    title\n    publishedAt\n    readAt\n    publisher {\n      id\n      name\n    }\n  }\n": types.NoticeSummaryFieldsFragmentDoc,
    "\n  fragment NoticeDetailFields on Notice {\n    ...NoticeSummaryFields\n    body\n    recipientCount\n  }\n": types.NoticeDetailFieldsFragmentDoc,
    "\n  query UnreadCounts {\n    unreadCounts {\n      notice\n      news\n      survey\n      discussion\n    }\n  }\n": types.UnreadCountsDocument,
    "\n  query Notices($kind: NoticeKind!, $first: Int, $after: String, $keyword: String) {\n    notices(kind: $kind, first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...NoticeSummaryFields\n        }\n      }\n    }\n  }\n": types.NoticesDocument,
    "\n  query Notice($id: ID!) {\n    notice(id: $id) {\n      ...NoticeDetailFields\n    }\n  }\n": types.NoticeDocument,
    "\n  mutation MarkNoticeRead($id: ID!) {\n    markNoticeRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": types.MarkNoticeReadDocument,
    "\n  fragment SurveySummaryFields on Survey {\n    id\n    title\n    state\n    voted\n    canVote\n    opensAt\n    closesAt\n    publishedAt\n    publisher {\n      id\n      name\n    }\n  }\n": types.SurveySummaryFieldsFragmentDoc,
    "\n  fragment SurveyDetailFields on Survey {\n    ...SurveySummaryFields\n    body\n    recipientCount\n    resultsVisibility\n    canSeeResults\n    myChoices\n    questions {\n      id\n      text\n      kind\n      required\n      minChoices\n      maxChoices\n      options {\n        id\n        text\n      }\n    }\n  }\n": types.SurveyDetailFieldsFragmentDoc,
    "\n  query Surveys($first: Int, $after: String, $keyword: String) {\n    surveys(first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...SurveySummaryFields\n        }\n      }\n    }\n  }\n": types.SurveysDocument,
    "\n  query Survey($id: ID!) {\n    survey(id: $id) {\n      ...SurveyDetailFields\n    }\n  }\n": types.SurveyDocument,
    "\n  mutation VoteSurvey($id: ID!, $choices: [SurveyChoiceInput!]!) {\n    voteSurvey(id: $id, choices: $choices) {\n      ...SurveyDetailFields\n    }\n  }\n": types.VoteSurveyDocument,
    "\n  fragment DiscussionSummaryFields on Discussion {\n    id\n    title\n    replyCount\n    lastReplyAt\n    createdAt\n    unread\n    author {\n      id\n      name\n    }\n  }\n": types.DiscussionSummaryFieldsFragmentDoc,
    "\n  fragment DiscussionDetailFields on Discussion {\n    ...DiscussionSummaryFields\n    body\n    memberCount\n  }\n": types.DiscussionDetailFieldsFragmentDoc,
    "\n  fragment DiscussionReplyFields on DiscussionReply {\n    id\n    body\n    createdAt\n    quoteId\n    author {\n      id\n      name\n    }\n    quote {\n      id\n      body\n      createdAt\n      author {\n        id\n        name\n      }\n    }\n  }\n": types.DiscussionReplyFieldsFragmentDoc,
    "\n  query Discussions($first: Int, $after: String, $keyword: String) {\n    discussions(first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...DiscussionSummaryFields\n        }\n      }\n    }\n  }\n": types.DiscussionsDocument,
    "\n  query Discussion($id: ID!) {\n    discussion(id: $id) {\n      ...DiscussionDetailFields\n    }\n  }\n": types.DiscussionDocument,
    "\n  query DiscussionReplies($id: ID!, $first: Int, $after: String) {\n    discussionReplies(id: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...DiscussionReplyFields\n        }\n      }\n    }\n  }\n": types.DiscussionRepliesDocument,
    "\n  mutation MarkDiscussionRead($id: ID!, $seenUpTo: Time) {\n    markDiscussionRead(id: $id, seenUpTo: $seenUpTo) {\n      id\n      unread\n    }\n  }\n": types.MarkDiscussionReadDocument,
    "\n  mutation ReplyDiscussion($id: ID!, $body: String!, $quoteId: ID) {\n    replyDiscussion(id: $id, body: $body, quoteId: $quoteId) {\n      ...DiscussionReplyFields\n    }\n  }\n": types.ReplyDiscussionDocument,
    "\n  fragment DirectoryPersonFields on EmployeeDetail {\n    id\n    name\n    position\n    departments {\n      id\n      name\n      isMain\n    }\n  }\n": types.DirectoryPersonFieldsFragmentDoc,
    "\n  query Employees($query: String, $departmentId: ID, $first: Int, $after: String) {\n    employees(query: $query, departmentId: $departmentId, withSubDepartments: true, first: $first, after: $after) {\n      nodes {\n        ...DirectoryPersonFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.EmployeesDocument,
    "\n  query Employee($id: ID!) {\n    employee(id: $id) {\n      id\n      name\n      position\n      mobile\n      email\n      status\n      login\n      departments {\n        id\n        name\n        isMain\n        isLeader\n      }\n    }\n  }\n": types.EmployeeDocument,
    "\n  fragment ExternalContactSummaryFields on ExternalContact {\n    externalUserId\n    name\n    type\n    corpName\n    position\n  }\n": types.ExternalContactSummaryFieldsFragmentDoc,
    "\n  query ExternalContacts($first: Int, $after: String) {\n    externalContacts(first: $first, after: $after) {\n      nodes {\n        ...ExternalContactSummaryFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.ExternalContactsDocument,
    "\n  query ExternalContact($externalUserId: String!) {\n    externalContact(externalUserId: $externalUserId) {\n      ...ExternalContactSummaryFields\n      gender\n      createdAt\n      followers {\n        employee {\n          id\n          name\n        }\n        remark\n        state\n        addedAt\n      }\n    }\n  }\n": types.ExternalContactDocument,
    "\n  query RegistrationForm($tenant: String!) {\n    registrationForm(tenant: $tenant) {\n      company\n      departments {\n        id\n        path\n      }\n    }\n  }\n": types.RegistrationFormDocument,
    "\n  query RegistrationOpen($tenant: String!) {\n    registrationForm(tenant: $tenant) {\n      company\n    }\n  }\n": types.RegistrationOpenDocument,
    "\n  fragment RegistrationReceiptFields on RegistrationReceipt {\n    status\n    reason\n    createdAt\n    party\n    login\n    signInUrl\n  }\n": types.RegistrationReceiptFieldsFragmentDoc,
    "\n  mutation ApplyToRegister($tenant: String!, $input: RegistrationInput!) {\n    applyToRegister(tenant: $tenant, input: $input) {\n      ...RegistrationReceiptFields\n      token\n    }\n  }\n": types.ApplyToRegisterDocument,
    "\n  query RegistrationStatus($tenant: String!, $token: String!) {\n    registrationStatus(tenant: $tenant, token: $token) {\n      ...RegistrationReceiptFields\n    }\n  }\n": types.RegistrationStatusDocument,
    "\n  mutation CreateWechatBindQR {\n    createWechatBindQR {\n      scene\n      imageUrl\n      expiresAt\n    }\n  }\n": types.CreateWechatBindQrDocument,
    "\n  mutation ConfirmWechatBindQR($scene: String!) {\n    confirmWechatBindQR(scene: $scene)\n  }\n": types.ConfirmWechatBindQrDocument,
    "\n  query WechatBindQRStatus($scene: String!) {\n    wechatBindQRStatus(scene: $scene)\n  }\n": types.WechatBindQrStatusDocument,
    "\n  fragment InboxMessageFields on InboxMessage {\n    id\n    system\n    title\n    content\n    url\n    createdAt\n    read\n  }\n": types.InboxMessageFieldsFragmentDoc,
    "\n  query MyMessages($first: Int, $after: String) {\n    myMessages(first: $first, after: $after) {\n      nodes {\n        ...InboxMessageFields\n      }\n      next\n      unread\n    }\n  }\n": types.MyMessagesDocument,
    "\n  mutation ReadMyMessage($id: ID!) {\n    readMyMessage(id: $id) {\n      ...InboxMessageFields\n    }\n  }\n": types.ReadMyMessageDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      contact {\n        name\n        company\n        party\n      }\n      employee {\n        id\n        name\n      }\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {\n    login(tenant: $tenant, login: $login, password: $password, bindTicket: $bindTicket) {\n      ...SessionFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout($refreshToken: String) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query SurveyResults($id: ID!) {\n    surveyResults(id: $id) {\n      surveyId\n      ballots\n      questions {\n        questionId\n        text\n        kind\n        respondents\n        options {\n          optionId\n          text\n          count\n          percent\n        }\n      }\n    }\n  }\n": types.SurveyResultsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExchangeSsoTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').ExchangeSsoTicketDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ItemSummaryFields on CollabItem {\n    id\n    title\n    status\n    createdAt\n    sender {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').ItemSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ItemDetailFields on CollabItem {\n    id\n    title\n    body\n    rule\n    status\n    createdAt\n    actions\n    sender {\n      id\n      name\n    }\n    recipients {\n      state\n      opinion\n      handledAt\n      employee {\n        id\n        name\n      }\n    }\n    comments {\n      id\n      body\n      createdAt\n      author {\n        id\n        name\n      }\n    }\n    attachments {\n      id\n      name\n      contentType\n      size\n    }\n    related {\n      id\n      title\n      status\n      createdAt\n      sender {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').ItemDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoxCounts {\n    collabCounts {\n      todo\n    }\n  }\n"): typeof import('./graphql').BoxCountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CollabItems($box: Box!, $first: Int, $after: String, $keyword: String, $withRecipients: Boolean = false) {\n    collabItems(box: $box, first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ItemSummaryFields\n          recipientSummary @include(if: $withRecipients) {\n            count\n            first {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CollabItemsDocument;
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
export function graphql(source: "\n  query AttachmentLinks($id: ID!) {\n    collabItem(id: $id) {\n      id\n      attachments {\n        id\n        downloadUrl\n      }\n    }\n  }\n"): typeof import('./graphql').AttachmentLinksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawCollabItem($id: ID!) {\n    withdrawCollabItem(id: $id) {\n      ...ItemDetailFields\n    }\n  }\n"): typeof import('./graphql').WithdrawCollabItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DepartmentFields on DepartmentNode {\n    id\n    name\n    totalMemberCount\n  }\n"): typeof import('./graphql').DepartmentFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DepartmentTree {\n    departments {\n      ...DepartmentFields\n      children {\n        ...DepartmentFields\n        children {\n          ...DepartmentFields\n          children {\n            ...DepartmentFields\n            children {\n              ...DepartmentFields\n              children {\n                ...DepartmentFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DepartmentTreeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RelatableItems($box: Box!, $keyword: String, $first: Int, $after: String) {\n    collabItems(box: $box, keyword: $keyword, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ItemSummaryFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').RelatableItemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {\n    handleCollabItem(id: $id, action: $action, opinion: $opinion) {\n      ...ItemDetailFields\n    }\n  }\n"): typeof import('./graphql').HandleCollabItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NoticeSummaryFields on Notice {\n    id\n    kind\n    title\n    publishedAt\n    readAt\n    publisher {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').NoticeSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NoticeDetailFields on Notice {\n    ...NoticeSummaryFields\n    body\n    recipientCount\n  }\n"): typeof import('./graphql').NoticeDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCounts {\n    unreadCounts {\n      notice\n      news\n      survey\n      discussion\n    }\n  }\n"): typeof import('./graphql').UnreadCountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notices($kind: NoticeKind!, $first: Int, $after: String, $keyword: String) {\n    notices(kind: $kind, first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...NoticeSummaryFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NoticesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notice($id: ID!) {\n    notice(id: $id) {\n      ...NoticeDetailFields\n    }\n  }\n"): typeof import('./graphql').NoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNoticeRead($id: ID!) {\n    markNoticeRead(id: $id) {\n      id\n      readAt\n    }\n  }\n"): typeof import('./graphql').MarkNoticeReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SurveySummaryFields on Survey {\n    id\n    title\n    state\n    voted\n    canVote\n    opensAt\n    closesAt\n    publishedAt\n    publisher {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').SurveySummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SurveyDetailFields on Survey {\n    ...SurveySummaryFields\n    body\n    recipientCount\n    resultsVisibility\n    canSeeResults\n    myChoices\n    questions {\n      id\n      text\n      kind\n      required\n      minChoices\n      maxChoices\n      options {\n        id\n        text\n      }\n    }\n  }\n"): typeof import('./graphql').SurveyDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Surveys($first: Int, $after: String, $keyword: String) {\n    surveys(first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...SurveySummaryFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SurveysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Survey($id: ID!) {\n    survey(id: $id) {\n      ...SurveyDetailFields\n    }\n  }\n"): typeof import('./graphql').SurveyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VoteSurvey($id: ID!, $choices: [SurveyChoiceInput!]!) {\n    voteSurvey(id: $id, choices: $choices) {\n      ...SurveyDetailFields\n    }\n  }\n"): typeof import('./graphql').VoteSurveyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DiscussionSummaryFields on Discussion {\n    id\n    title\n    replyCount\n    lastReplyAt\n    createdAt\n    unread\n    author {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').DiscussionSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DiscussionDetailFields on Discussion {\n    ...DiscussionSummaryFields\n    body\n    memberCount\n  }\n"): typeof import('./graphql').DiscussionDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DiscussionReplyFields on DiscussionReply {\n    id\n    body\n    createdAt\n    quoteId\n    author {\n      id\n      name\n    }\n    quote {\n      id\n      body\n      createdAt\n      author {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').DiscussionReplyFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Discussions($first: Int, $after: String, $keyword: String) {\n    discussions(first: $first, after: $after, keyword: $keyword) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...DiscussionSummaryFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DiscussionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Discussion($id: ID!) {\n    discussion(id: $id) {\n      ...DiscussionDetailFields\n    }\n  }\n"): typeof import('./graphql').DiscussionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DiscussionReplies($id: ID!, $first: Int, $after: String) {\n    discussionReplies(id: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...DiscussionReplyFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DiscussionRepliesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkDiscussionRead($id: ID!, $seenUpTo: Time) {\n    markDiscussionRead(id: $id, seenUpTo: $seenUpTo) {\n      id\n      unread\n    }\n  }\n"): typeof import('./graphql').MarkDiscussionReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyDiscussion($id: ID!, $body: String!, $quoteId: ID) {\n    replyDiscussion(id: $id, body: $body, quoteId: $quoteId) {\n      ...DiscussionReplyFields\n    }\n  }\n"): typeof import('./graphql').ReplyDiscussionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DirectoryPersonFields on EmployeeDetail {\n    id\n    name\n    position\n    departments {\n      id\n      name\n      isMain\n    }\n  }\n"): typeof import('./graphql').DirectoryPersonFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Employees($query: String, $departmentId: ID, $first: Int, $after: String) {\n    employees(query: $query, departmentId: $departmentId, withSubDepartments: true, first: $first, after: $after) {\n      nodes {\n        ...DirectoryPersonFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').EmployeesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Employee($id: ID!) {\n    employee(id: $id) {\n      id\n      name\n      position\n      mobile\n      email\n      status\n      login\n      departments {\n        id\n        name\n        isMain\n        isLeader\n      }\n    }\n  }\n"): typeof import('./graphql').EmployeeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExternalContactSummaryFields on ExternalContact {\n    externalUserId\n    name\n    type\n    corpName\n    position\n  }\n"): typeof import('./graphql').ExternalContactSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExternalContacts($first: Int, $after: String) {\n    externalContacts(first: $first, after: $after) {\n      nodes {\n        ...ExternalContactSummaryFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').ExternalContactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExternalContact($externalUserId: String!) {\n    externalContact(externalUserId: $externalUserId) {\n      ...ExternalContactSummaryFields\n      gender\n      createdAt\n      followers {\n        employee {\n          id\n          name\n        }\n        remark\n        state\n        addedAt\n      }\n    }\n  }\n"): typeof import('./graphql').ExternalContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegistrationForm($tenant: String!) {\n    registrationForm(tenant: $tenant) {\n      company\n      departments {\n        id\n        path\n      }\n    }\n  }\n"): typeof import('./graphql').RegistrationFormDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegistrationOpen($tenant: String!) {\n    registrationForm(tenant: $tenant) {\n      company\n    }\n  }\n"): typeof import('./graphql').RegistrationOpenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RegistrationReceiptFields on RegistrationReceipt {\n    status\n    reason\n    createdAt\n    party\n    login\n    signInUrl\n  }\n"): typeof import('./graphql').RegistrationReceiptFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApplyToRegister($tenant: String!, $input: RegistrationInput!) {\n    applyToRegister(tenant: $tenant, input: $input) {\n      ...RegistrationReceiptFields\n      token\n    }\n  }\n"): typeof import('./graphql').ApplyToRegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegistrationStatus($tenant: String!, $token: String!) {\n    registrationStatus(tenant: $tenant, token: $token) {\n      ...RegistrationReceiptFields\n    }\n  }\n"): typeof import('./graphql').RegistrationStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWechatBindQR {\n    createWechatBindQR {\n      scene\n      imageUrl\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').CreateWechatBindQrDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmWechatBindQR($scene: String!) {\n    confirmWechatBindQR(scene: $scene)\n  }\n"): typeof import('./graphql').ConfirmWechatBindQrDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WechatBindQRStatus($scene: String!) {\n    wechatBindQRStatus(scene: $scene)\n  }\n"): typeof import('./graphql').WechatBindQrStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboxMessageFields on InboxMessage {\n    id\n    system\n    title\n    content\n    url\n    createdAt\n    read\n  }\n"): typeof import('./graphql').InboxMessageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyMessages($first: Int, $after: String) {\n    myMessages(first: $first, after: $after) {\n      nodes {\n        ...InboxMessageFields\n      }\n      next\n      unread\n    }\n  }\n"): typeof import('./graphql').MyMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReadMyMessage($id: ID!) {\n    readMyMessage(id: $id) {\n      ...InboxMessageFields\n    }\n  }\n"): typeof import('./graphql').ReadMyMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      contact {\n        name\n        company\n        party\n      }\n      employee {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').SessionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {\n    login(tenant: $tenant, login: $login, password: $password, bindTicket: $bindTicket) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String) {\n    logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').RefreshSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SurveyResults($id: ID!) {\n    surveyResults(id: $id) {\n      surveyId\n      ballots\n      questions {\n        questionId\n        text\n        kind\n        respondents\n        options {\n          optionId\n          text\n          count\n          percent\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SurveyResultsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
