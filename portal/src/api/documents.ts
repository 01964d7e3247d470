// Every GraphQL operation the portal sends, besides the sign-in ones it shares with h5/
// (@shared/api/session-documents). `npm run codegen` turns each into a typed document in src/gql/.
import { graphql } from '@/gql'

export const TenantSettingsFields = graphql(`
  fragment TenantSettingsFields on TenantSettings {
    lockoutThreshold
    lockoutMinutes
    passwordMinLength
    passwordRequireSymbol
    forcePasswordChange
  }
`)

export const TenantSettingsDocument = graphql(`
  query TenantSettings {
    tenantSettings {
      ...TenantSettingsFields
    }
  }
`)

export const UpdateTenantSettingsDocument = graphql(`
  mutation UpdateTenantSettings($input: TenantSettingsInput!) {
    updateTenantSettings(input: $input) {
      ...TenantSettingsFields
    }
  }
`)

export const AdminDepartmentFields = graphql(`
  fragment AdminDepartmentFields on DepartmentNode {
    id
    name
    parentId
    sortOrder
    memberCount
    totalMemberCount
  }
`)

// Six levels: the deepest a tenant's tree goes in practice, within the server's depth limit (10).
export const AdminDepartmentTreeDocument = graphql(`
  query AdminDepartmentTree {
    departments {
      ...AdminDepartmentFields
      children {
        ...AdminDepartmentFields
        children {
          ...AdminDepartmentFields
          children {
            ...AdminDepartmentFields
            children {
              ...AdminDepartmentFields
              children {
                ...AdminDepartmentFields
              }
            }
          }
        }
      }
    }
  }
`)

export const DepartmentFields = graphql(`
  fragment DepartmentFields on Department {
    id
    name
    parentId
    sortOrder
  }
`)

export const CreateDepartmentDocument = graphql(`
  mutation CreateDepartment($input: CreateDepartmentInput!) {
    createDepartment(input: $input) {
      ...DepartmentFields
    }
  }
`)

export const RenameDepartmentDocument = graphql(`
  mutation RenameDepartment($id: ID!, $name: String!) {
    renameDepartment(id: $id, name: $name) {
      ...DepartmentFields
    }
  }
`)

export const MoveDepartmentDocument = graphql(`
  mutation MoveDepartment($id: ID!, $parentId: ID) {
    moveDepartment(id: $id, parentId: $parentId) {
      ...DepartmentFields
    }
  }
`)

export const SetDepartmentSortOrderDocument = graphql(`
  mutation SetDepartmentSortOrder($id: ID!, $sortOrder: Int!) {
    setDepartmentSortOrder(id: $id, sortOrder: $sortOrder) {
      ...DepartmentFields
    }
  }
`)

export const DeleteDepartmentDocument = graphql(`
  mutation DeleteDepartment($id: ID!) {
    deleteDepartment(id: $id)
  }
`)

export const MemberFields = graphql(`
  fragment MemberFields on EmployeeDetail {
    id
    name
    position
    login
    status
    departments {
      id
      isLeader
      isMain
    }
  }
`)

export const DepartmentMembersDocument = graphql(`
  query DepartmentMembers($departmentId: ID!, $first: Int) {
    employees(departmentId: $departmentId, first: $first) {
      nodes {
        ...MemberFields
      }
      totalCount
    }
  }
`)

export const SetDepartmentLeaderDocument = graphql(`
  mutation SetDepartmentLeader($departmentId: ID!, $employeeId: ID!, $leader: Boolean!) {
    setDepartmentLeader(departmentId: $departmentId, employeeId: $employeeId, leader: $leader) {
      ...MemberFields
    }
  }
`)

export const SystemFields = graphql(`
  fragment SystemFields on System {
    code
    name
    builtin
    enabled
    hasApiKey
    updatedAt
  }
`)

export const SystemRoleFields = graphql(`
  fragment SystemRoleFields on SystemRole {
    id
    name
    allowWeChat
    isDefault
    systems
  }
`)

export const SystemsDocument = graphql(`
  query Systems {
    systems {
      ...SystemFields
    }
    systemRoles {
      ...SystemRoleFields
    }
  }
`)

export const SetSystemEnabledDocument = graphql(`
  mutation SetSystemEnabled($code: SystemCode!, $enabled: Boolean!) {
    setSystemEnabled(code: $code, enabled: $enabled) {
      ...SystemFields
    }
  }
`)

export const AddSystemDocument = graphql(`
  mutation AddSystem($code: SystemCode!, $name: String!) {
    addSystem(code: $code, name: $name) {
      ...SystemFields
    }
  }
`)

export const RemoveSystemDocument = graphql(`
  mutation RemoveSystem($code: SystemCode!) {
    removeSystem(code: $code)
  }
`)

/** The systems an app can be bound to, for the binding page's app dialog. */
export const SystemChoicesDocument = graphql(`
  query SystemChoices {
    systems {
      code
      name
    }
  }
`)

export const RotateSystemApiKeyDocument = graphql(`
  mutation RotateSystemApiKey($code: SystemCode!) {
    rotateSystemApiKey(code: $code)
  }
`)

export const CreateSystemRoleDocument = graphql(`
  mutation CreateSystemRole($input: CreateSystemRoleInput!) {
    createSystemRole(input: $input) {
      ...SystemRoleFields
    }
  }
`)

export const UpdateSystemRoleDocument = graphql(`
  mutation UpdateSystemRole($id: ID!, $input: UpdateSystemRoleInput!) {
    updateSystemRole(id: $id, input: $input) {
      ...SystemRoleFields
    }
  }
`)

export const RolePeopleDocument = graphql(`
  query RolePeople($query: String, $first: Int) {
    employees(query: $query, first: $first) {
      nodes {
        id
        name
        login
        systemRoles {
          id
        }
      }
      totalCount
    }
  }
`)

export const AssignSystemRolesDocument = graphql(`
  mutation AssignSystemRoles($employeeId: ID!, $roleIds: [ID!]!) {
    assignSystemRoles(employeeId: $employeeId, roleIds: $roleIds) {
      id
    }
  }
`)

export const AudienceFields = graphql(`
  fragment AudienceFields on Audience {
    all
    departments {
      id
      name
    }
  }
`)

export const PublishedNoticesDocument = graphql(`
  query PublishedNotices($kind: NoticeKind!, $first: Int, $after: String) {
    publishedNotices(kind: $kind, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          title
          publishedAt
          recipientCount
          audience {
            ...AudienceFields
          }
        }
      }
    }
  }
`)

export const NoticeReadStatsDocument = graphql(`
  query NoticeReadStats($id: ID!) {
    noticeReadStats(id: $id) {
      noticeId
      recipients
      read
      unread
    }
  }
`)

export const PublishNoticeDocument = graphql(`
  mutation PublishNotice($input: PublishNoticeInput!) {
    publishNotice(input: $input) {
      id
      title
    }
  }
`)

export const PublishedSurveysDocument = graphql(`
  query PublishedSurveys($first: Int, $after: String) {
    publishedSurveys(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          state
          opensAt
          closesAt
          publishedAt
          recipientCount
          resultsVisibility
          audience {
            ...AudienceFields
          }
        }
      }
    }
  }
`)

export const PushProgressDocument = graphql(`
  query PushProgress($item: PushItem!, $id: ID!) {
    pushProgress(item: $item, id: $id) {
      total
      sent
      skipped
      retrying
      undeliverable
      queued
      lastSentAt
      etaSeconds
    }
  }
`)

export const PublishSurveyDocument = graphql(`
  mutation PublishSurvey($input: PublishSurveyInput!) {
    publishSurvey(input: $input) {
      id
      title
    }
  }
`)

export const AdminOverviewDocument = graphql(`
  query AdminOverview($days: Int) {
    adminOverview {
      tenantName
      tenantSlug
      staffActive
      staffTotal
      staffOnWeCom
      binding
      preflight {
        ok
        checkedAt
      }
    }
    deliveryDays(days: $days) {
      date
      sent
      skipped
      failed
      pending
    }
  }
`)

export const TenantNameDocument = graphql(`
  query TenantName {
    adminOverview {
      tenantName
    }
  }
`)

export const AuditLogDocument = graphql(`
  query AuditLog($first: Int, $after: String) {
    auditLog(first: $first, after: $after) {
      nodes {
        id
        at
        actorKind
        actor
        source
        action
        target
        changes
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const DeliveryFields = graphql(`
  fragment DeliveryFields on Delivery {
    id
    kind
    channel
    route
    recipient
    recipientName
    status
    error
    answer
    attempts
    createdAt
    updatedAt
  }
`)

export const DeliveriesDocument = graphql(`
  query Deliveries($filter: DeliveryFilter, $first: Int, $after: String) {
    deliveries(filter: $filter, first: $first, after: $after) {
      nodes {
        ...DeliveryFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const RetryDeliveryDocument = graphql(`
  mutation RetryDelivery($id: ID!) {
    retryDelivery(id: $id) {
      ...DeliveryFields
    }
  }
`)

export const PreflightFields = graphql(`
  fragment PreflightFields on Preflight {
    ok
    checkedAt
    checks {
      key
      title
      ok
      errcode
      message
      advice
    }
  }
`)

export const WeComBindingFields = graphql(`
  fragment WeComBindingFields on WeComBinding {
    corpId
    mode
    contactSecret
    customerSecret
    trustedDomain
    expectedDomain
    egressIps
    apps {
      system
      agentId
      secret
    }
    receivers {
      name
      kind
      system
      url
      token
      encodingAESKey
      verifiedAt
    }
    preflight {
      ...PreflightFields
    }
  }
`)

export const WeComBindingDocument = graphql(`
  query WeComBinding {
    wecomBinding {
      ...WeComBindingFields
    }
  }
`)

export const SaveWeComCorpDocument = graphql(`
  mutation SaveWeComCorp($input: WeComCorpInput!) {
    saveWeComCorp(input: $input) {
      ...WeComBindingFields
    }
  }
`)

export const SaveWeComAppDocument = graphql(`
  mutation SaveWeComApp($input: WeComAppInput!) {
    saveWeComApp(input: $input) {
      ...WeComBindingFields
    }
  }
`)

export const SetReceiverKeysDocument = graphql(`
  mutation SetReceiverKeys($name: String!, $token: String, $encodingAESKey: String) {
    setReceiverKeys(name: $name, token: $token, encodingAESKey: $encodingAESKey) {
      ...WeComBindingFields
    }
  }
`)

export const RunPreflightDocument = graphql(`
  mutation RunPreflight {
    runPreflight {
      ...PreflightFields
    }
  }
`)

export const ServiceAccountFields = graphql(`
  fragment ServiceAccountFields on ServiceAccount {
    appId
    secret
    eventUrl
    token
    encodingAESKey
    encryptMode
    ipWhitelist
    domain
    identityColumn
    allowRegister
    pushChannel
    preflight {
      ...PreflightFields
    }
  }
`)

export const ServiceAccountDocument = graphql(`
  query ServiceAccount {
    serviceAccount {
      ...ServiceAccountFields
    }
  }
`)

export const SaveServiceAccountDocument = graphql(`
  mutation SaveServiceAccount($input: ServiceAccountInput!) {
    saveServiceAccount(input: $input) {
      ...ServiceAccountFields
    }
  }
`)

export const RunServiceAccountPreflightDocument = graphql(`
  mutation RunServiceAccountPreflight {
    runServiceAccountPreflight {
      ...PreflightFields
    }
  }
`)

export const WeComMenuFields = graphql(`
  fragment WeComMenuFields on WeComMenu {
    buttons {
      name
      url
      subButtons {
        name
        url
      }
    }
  }
`)

export const GenerateWeComMenuDocument = graphql(`
  mutation GenerateWeComMenu {
    generateWeComMenu {
      ...WeComMenuFields
    }
  }
`)

export const WeComMenuDocument = graphql(`
  query WeComMenu {
    wecomMenu {
      ...WeComMenuFields
    }
  }
`)

export const RemoveWeComAppDocument = graphql(`
  mutation RemoveWeComApp($system: SystemCode!) {
    removeWeComApp(system: $system) {
      ...WeComBindingFields
    }
  }
`)

export const WeComQRLoginDocument = graphql(`
  query WeComQRLogin($tenant: String!, $next: String) {
    wecomQRLogin(tenant: $tenant, next: $next)
  }
`)

export const ExchangeAdminTicketDocument = graphql(`
  mutation ExchangeAdminTicket($ticket: String!) {
    exchangeSsoTicket(ticket: $ticket) {
      ...SessionFields
    }
  }
`)

export const WeComEventFields = graphql(`
  fragment WeComEventFields on WeComEvent {
    id
    receiver
    msgType
    event
    changeType
    status
    reason
    error
    attempts
    replays
    receivedAt
    processedAt
    body
  }
`)

export const WeComEventsDocument = graphql(`
  query WeComEvents($filter: WeComEventFilter, $first: Int, $after: String) {
    wecomEvents(filter: $filter, first: $first, after: $after) {
      nodes {
        ...WeComEventFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const ReplayWeComEventDocument = graphql(`
  mutation ReplayWeComEvent($id: ID!) {
    replayWeComEvent(id: $id) {
      ...WeComEventFields
    }
  }
`)

export const WeComJoinQRCodeDocument = graphql(`
  query WeComJoinQRCode($size: Int) {
    wecomJoinQRCode(size: $size)
  }
`)

export const PullExternalContactsDocument = graphql(`
  mutation PullExternalContacts {
    pullExternalContacts {
      members
      contacts
      followers
      notEmployees
      refused
      firstRefusal
    }
  }
`)

export const TenantDomainDocument = graphql(`
  query TenantDomain {
    tenantHosts
    verifyFiles {
      ...VerifyFileFields
    }
  }
`)

export const VerifyFileFields = graphql(`
  fragment VerifyFileFields on VerifyFile {
    name
    content
    createdAt
  }
`)

export const SetTenantHostsDocument = graphql(`
  mutation SetTenantHosts($hosts: [String!]!) {
    setTenantHosts(hosts: $hosts)
  }
`)

export const SaveVerifyFileDocument = graphql(`
  mutation SaveVerifyFile($name: String!, $content: String!) {
    saveVerifyFile(name: $name, content: $content) {
      ...VerifyFileFields
    }
  }
`)

export const DeleteVerifyFileDocument = graphql(`
  mutation DeleteVerifyFile($name: String!) {
    deleteVerifyFile(name: $name) {
      ...VerifyFileFields
    }
  }
`)

export const BranchFields = graphql(`
  fragment BranchFields on Branch {
    id
    name
    employeeCount
  }
`)

export const BranchesDocument = graphql(`
  query Branches {
    branches {
      ...BranchFields
    }
  }
`)

export const CreateBranchDocument = graphql(`
  mutation CreateBranch($name: String!) {
    createBranch(name: $name) {
      ...BranchFields
    }
  }
`)

export const RenameBranchDocument = graphql(`
  mutation RenameBranch($id: ID!, $name: String!) {
    renameBranch(id: $id, name: $name) {
      ...BranchFields
    }
  }
`)

export const DeleteBranchDocument = graphql(`
  mutation DeleteBranch($id: ID!) {
    deleteBranch(id: $id)
  }
`)

/** A row of the staff list, and what a person's page shows besides their roles. */
export const StaffFields = graphql(`
  fragment StaffFields on EmployeeDetail {
    id
    name
    login
    admin
    wecomUserId
    wecomStatus
    position
    mobile
    email
    status
    employeeNo
    branch {
      id
      name
    }
    departments {
      id
      name
      isMain
      isLeader
    }
  }
`)

export const StaffDocument = graphql(`
  query Staff(
    $query: String
    $departmentId: ID
    $withSubDepartments: Boolean
    $statuses: [EmployeeStatus!]
    $wecomStatuses: [WeComMemberStatus!]
    $first: Int
    $after: String
  ) {
    staff(
      query: $query
      departmentId: $departmentId
      withSubDepartments: $withSubDepartments
      statuses: $statuses
      wecomStatuses: $wecomStatuses
      first: $first
      after: $after
    ) {
      nodes {
        ...StaffFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`)

export const PersonFields = graphql(`
  fragment PersonFields on EmployeeDetail {
    ...StaffFields
    mustChangePassword
    systemRoles {
      id
      name
    }
  }
`)

export const PersonDocument = graphql(`
  query Person($id: ID!) {
    employee(id: $id) {
      ...PersonFields
    }
  }
`)

export const CreateEmployeeDocument = graphql(`
  mutation CreateEmployee($input: CreateEmployeeInput!) {
    createEmployee(input: $input) {
      employee {
        ...StaffFields
      }
      oneTimePassword
    }
  }
`)

export const UpdateEmployeeDocument = graphql(`
  mutation UpdateEmployee($id: ID!, $input: UpdateEmployeeInput!) {
    updateEmployee(id: $id, input: $input) {
      ...PersonFields
    }
  }
`)

export const ChangeStaffDocument = graphql(`
  mutation ChangeStaff($ids: [ID!]!, $action: StaffAction!) {
    changeStaff(ids: $ids, action: $action) {
      employeeId
      employee {
        id
        status
      }
      error
    }
  }
`)

export const ResetEmployeePasswordDocument = graphql(`
  mutation ResetEmployeePassword($id: ID!) {
    resetEmployeePassword(id: $id)
  }
`)

/** A staff import (导入): its preview counts, and as it is applied, its progress. */
export const StaffImportFields = graphql(`
  fragment StaffImportFields on StaffImport {
    id
    fileName
    state
    startedBy
    createdAt
    finishedAt
    total
    creates
    updates
    leaves
    bad
    applied
    failed
    newDepartments
    failedRowsUrl
  }
`)

export const StaffImportRowFields = graphql(`
  fragment StaffImportRowFields on StaffImportRow {
    line
    action
    name
    login
    reasons
    result
    error
  }
`)

export const PreviewStaffImportDocument = graphql(`
  mutation PreviewStaffImport($file: Upload!) {
    previewStaffImport(file: $file) {
      ...StaffImportFields
    }
  }
`)

export const ApplyStaffImportDocument = graphql(`
  mutation ApplyStaffImport($id: ID!) {
    applyStaffImport(id: $id) {
      ...StaffImportFields
    }
  }
`)

export const StaffImportDocument = graphql(`
  query StaffImport($id: ID!) {
    staffImport(id: $id) {
      ...StaffImportFields
    }
  }
`)

/** A page of an import's rows, after line `after`. */
export const StaffImportRowsDocument = graphql(`
  query StaffImportRows($id: ID!, $actions: [StaffImportAction!], $failedOnly: Boolean, $first: Int, $after: Int) {
    staffImport(id: $id) {
      id
      rows(actions: $actions, failedOnly: $failedOnly, first: $first, after: $after) {
        nodes {
          ...StaffImportRowFields
        }
        hasNextPage
      }
    }
  }
`)

export const StaffImportsDocument = graphql(`
  query StaffImports($first: Int) {
    staffImports(first: $first) {
      ...StaffImportFields
    }
  }
`)

/** A contact sync's counts (通讯录同步): the writes of a preview or a run. */
export const ContactSyncCountsFields = graphql(`
  fragment ContactSyncCountsFields on ContactSyncCounts {
    departmentCreates
    departmentUpdates
    departmentDeletes
    creates
    updates
    disables
    deletes
    invalid
  }
`)

/** One sync to or from WeCom: what it is, and as it runs, its progress. */
export const ContactSyncFields = graphql(`
  fragment ContactSyncFields on ContactSync {
    id
    direction
    trigger
    mode
    state
    startedBy
    counts {
      ...ContactSyncCountsFields
    }
    conflicts
    total
    done
    failed
    apiCalls
    error
    createdAt
    finishedAt
  }
`)

/** What 同步至企业微信 would write now (it asks WeCom: slow). */
export const ContactSyncPreviewDocument = graphql(`
  query ContactSyncPreview {
    contactSyncPreview {
      mode
      blocked
      wecomMembers
      replaceDeletes
      counts {
        ...ContactSyncCountsFields
      }
      unchanged
      departmentChanges {
        action
        name
      }
      memberChanges {
        action
        name
        wecomUserId
        fields
      }
      invalid {
        employeeId
        name
        wecomUserId
        rules
      }
      running {
        ...ContactSyncFields
      }
    }
  }
`)

export const ContactSyncsDocument = graphql(`
  query ContactSyncs($first: Int) {
    contactSyncs(first: $first) {
      ...ContactSyncFields
    }
  }
`)

export const ContactSyncDocument = graphql(`
  query ContactSync($id: ID!) {
    contactSync(id: $id) {
      ...ContactSyncFields
    }
  }
`)

/** A page of a sync's rows, after seq `after`. */
export const ContactSyncRowsDocument = graphql(`
  query ContactSyncRows($id: ID!, $problemsOnly: Boolean, $first: Int, $after: Int) {
    contactSync(id: $id) {
      id
      rows(problemsOnly: $problemsOnly, first: $first, after: $after) {
        nodes {
          seq
          kind
          subject
          ref
          action
          result
          reason
        }
        hasNextPage
      }
    }
  }
`)

export const StartContactSyncDocument = graphql(`
  mutation StartContactSync($confirmReplace: Boolean) {
    startContactSync(confirmReplace: $confirmReplace) {
      ...ContactSyncFields
    }
  }
`)

// 从企业微信导入 (一键同步, seed 003): WeCom's departments and members read into Qiao as a job, followed like a sync.
export const PullContactsFromWeComDocument = graphql(`
  mutation PullContactsFromWeCom {
    pullContactsFromWeCom {
      ...ContactSyncFields
    }
  }
`)

export const ContactSyncSettingsFields = graphql(`
  fragment ContactSyncSettingsFields on ContactSyncSettings {
    scheduleEnabled
    times
    timeZone
    wecomOwnedFields
    nextRunAt
  }
`)

export const ContactSyncSettingsDocument = graphql(`
  query ContactSyncSettings {
    contactSyncSettings {
      ...ContactSyncSettingsFields
    }
  }
`)

export const SaveContactSyncSettingsDocument = graphql(`
  mutation SaveContactSyncSettings($input: ContactSyncSettingsInput!) {
    saveContactSyncSettings(input: $input) {
      ...ContactSyncSettingsFields
    }
  }
`)

export const ServiceAccountTemplatesDocument = graphql(`
  query ServiceAccountTemplates {
    serviceAccountTemplates {
      id
      title
      keywords {
        key
        label
        limit
      }
    }
  }
`)

export const MessageKindFields = graphql(`
  fragment MessageKindFields on MessageKind {
    kind
    name
    templateId
    fields {
      key
      fact
    }
    updatedAt
  }
`)

export const MessageKindsDocument = graphql(`
  query MessageKinds {
    messageKinds {
      ...MessageKindFields
    }
    messageFacts {
      fact
      label
    }
  }
`)

export const TemplatePreviewDocument = graphql(`
  query TemplatePreview($kind: String!, $templateId: String!, $fields: [TemplateFieldInput!]!) {
    templatePreview(kind: $kind, templateId: $templateId, fields: $fields) {
      title
      lines {
        key
        label
        value
      }
      opens
    }
  }
`)

export const MapMessageTemplateDocument = graphql(`
  mutation MapMessageTemplate($kind: String!, $templateId: String, $fields: [TemplateFieldInput!]) {
    mapMessageTemplate(kind: $kind, templateId: $templateId, fields: $fields) {
      ...MessageKindFields
    }
  }
`)

export const ServiceAccountMenuDocument = graphql(`
  query ServiceAccountMenu {
    serviceAccountMenu {
      ...WeComMenuFields
    }
  }
`)

export const GenerateServiceAccountMenuDocument = graphql(`
  mutation GenerateServiceAccountMenu {
    generateServiceAccountMenu {
      ...WeComMenuFields
    }
  }
`)

export const WechatBindingsDocument = graphql(`
  query WechatBindings($first: Int, $after: String, $query: String) {
    wechatBindings(first: $first, after: $after, query: $query) {
      nodes {
        id
        employee {
          id
          name
        }
        contact {
          id
          login
          name
          company
          party
        }
        openId
        subscribed
        boundAt
        lastSeenAt
      }
      next
    }
  }
`)

export const EndWechatBindingDocument = graphql(`
  mutation EndWechatBinding($id: ID!) {
    endWechatBinding(id: $id)
  }
`)

export const RegistrationFields = graphql(`
  fragment RegistrationFields on Registration {
    id
    name
    departmentPath
    departmentId
    position
    login
    mobile
    email
    note
    status
    reason
    decidedBy
    decidedAt
    employee {
      id
      name
    }
    party
    company
    contact {
      name
      login
    }
    createdAt
  }
`)

export const RegistrationsDocument = graphql(`
  query Registrations($status: RegistrationStatus, $first: Int, $after: String) {
    registrations(status: $status, first: $first, after: $after) {
      nodes {
        ...RegistrationFields
      }
      next
    }
  }
`)

// 待审核's count on its tab: the ids of one page of the largest size, the only count the list offers.
export const PendingRegistrationsDocument = graphql(`
  query PendingRegistrations($first: Int) {
    registrations(status: PENDING, first: $first) {
      nodes {
        id
      }
      next
    }
    serviceAccount {
      allowRegister
    }
  }
`)

export const DecideRegistrationDocument = graphql(`
  mutation DecideRegistration($id: ID!, $approve: Boolean!, $reason: String) {
    decideRegistration(id: $id, approve: $approve, reason: $reason) {
      registration {
        ...RegistrationFields
      }
      syncStarted
    }
  }
`)

export const InviteToWeComDocument = graphql(`
  mutation InviteToWeCom($employeeIds: [ID!]) {
    inviteToWeCom(employeeIds: $employeeIds) {
      invited {
        id
        name
      }
      refused {
        id
        name
      }
      skipped {
        employee {
          id
          name
        }
        reason
      }
    }
  }
`)

export const PartyContactFields = graphql(`
  fragment PartyContactFields on PartyContact {
    id
    login
    party
    company
    name
    mobile
    status
    source
    wechatBound
    wechatSubscribed
    createdAt
  }
`)

export const PartyContactsDocument = graphql(`
  query PartyContacts($filter: PartyContactFilter, $first: Int, $after: String) {
    partyContacts(filter: $filter, first: $first, after: $after) {
      nodes {
        ...PartyContactFields
      }
      next
    }
  }
`)

export const CreatePartyContactDocument = graphql(`
  mutation CreatePartyContact($input: NewPartyContact!) {
    createPartyContact(input: $input) {
      contact {
        ...PartyContactFields
      }
      oneTimePassword
    }
  }
`)

export const UpdatePartyContactDocument = graphql(`
  mutation UpdatePartyContact($id: ID!, $input: PartyContactInput!) {
    updatePartyContact(id: $id, input: $input) {
      ...PartyContactFields
    }
  }
`)

export const SetPartyContactFrozenDocument = graphql(`
  mutation SetPartyContactFrozen($id: ID!, $frozen: Boolean!) {
    setPartyContactFrozen(id: $id, frozen: $frozen) {
      ...PartyContactFields
    }
  }
`)

export const ResetPartyContactPasswordDocument = graphql(`
  mutation ResetPartyContactPassword($id: ID!) {
    resetPartyContactPassword(id: $id)
  }
`)

export const DeletePartyContactDocument = graphql(`
  mutation DeletePartyContact($id: ID!) {
    deletePartyContact(id: $id)
  }
`)
