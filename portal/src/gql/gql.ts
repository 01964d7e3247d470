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
    "\n  fragment TenantSettingsFields on TenantSettings {\n    lockoutThreshold\n    lockoutMinutes\n    passwordMinLength\n    passwordRequireSymbol\n    forcePasswordChange\n  }\n": typeof types.TenantSettingsFieldsFragmentDoc,
    "\n  query TenantSettings {\n    tenantSettings {\n      ...TenantSettingsFields\n    }\n  }\n": typeof types.TenantSettingsDocument,
    "\n  mutation UpdateTenantSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      ...TenantSettingsFields\n    }\n  }\n": typeof types.UpdateTenantSettingsDocument,
    "\n  fragment AdminDepartmentFields on DepartmentNode {\n    id\n    name\n    parentId\n    sortOrder\n    memberCount\n    totalMemberCount\n  }\n": typeof types.AdminDepartmentFieldsFragmentDoc,
    "\n  query AdminDepartmentTree {\n    departments {\n      ...AdminDepartmentFields\n      children {\n        ...AdminDepartmentFields\n        children {\n          ...AdminDepartmentFields\n          children {\n            ...AdminDepartmentFields\n            children {\n              ...AdminDepartmentFields\n              children {\n                ...AdminDepartmentFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminDepartmentTreeDocument,
    "\n  fragment DepartmentFields on Department {\n    id\n    name\n    parentId\n    sortOrder\n  }\n": typeof types.DepartmentFieldsFragmentDoc,
    "\n  mutation CreateDepartment($input: CreateDepartmentInput!) {\n    createDepartment(input: $input) {\n      ...DepartmentFields\n    }\n  }\n": typeof types.CreateDepartmentDocument,
    "\n  mutation RenameDepartment($id: ID!, $name: String!) {\n    renameDepartment(id: $id, name: $name) {\n      ...DepartmentFields\n    }\n  }\n": typeof types.RenameDepartmentDocument,
    "\n  mutation MoveDepartment($id: ID!, $parentId: ID) {\n    moveDepartment(id: $id, parentId: $parentId) {\n      ...DepartmentFields\n    }\n  }\n": typeof types.MoveDepartmentDocument,
    "\n  mutation SetDepartmentSortOrder($id: ID!, $sortOrder: Int!) {\n    setDepartmentSortOrder(id: $id, sortOrder: $sortOrder) {\n      ...DepartmentFields\n    }\n  }\n": typeof types.SetDepartmentSortOrderDocument,
    "\n  mutation DeleteDepartment($id: ID!) {\n    deleteDepartment(id: $id)\n  }\n": typeof types.DeleteDepartmentDocument,
    "\n  fragment MemberFields on EmployeeDetail {\n    id\n    name\n    position\n    login\n    status\n    departments {\n      id\n      isLeader\n      isMain\n    }\n  }\n": typeof types.MemberFieldsFragmentDoc,
    "\n  query DepartmentMembers($departmentId: ID!, $first: Int) {\n    employees(departmentId: $departmentId, first: $first) {\n      nodes {\n        ...MemberFields\n      }\n      totalCount\n    }\n  }\n": typeof types.DepartmentMembersDocument,
    "\n  mutation SetDepartmentLeader($departmentId: ID!, $employeeId: ID!, $leader: Boolean!) {\n    setDepartmentLeader(departmentId: $departmentId, employeeId: $employeeId, leader: $leader) {\n      ...MemberFields\n    }\n  }\n": typeof types.SetDepartmentLeaderDocument,
    "\n  fragment SystemFields on System {\n    code\n    name\n    builtin\n    enabled\n    hasApiKey\n    updatedAt\n  }\n": typeof types.SystemFieldsFragmentDoc,
    "\n  fragment SystemRoleFields on SystemRole {\n    id\n    name\n    allowWeChat\n    isDefault\n    systems\n  }\n": typeof types.SystemRoleFieldsFragmentDoc,
    "\n  query Systems {\n    systems {\n      ...SystemFields\n    }\n    systemRoles {\n      ...SystemRoleFields\n    }\n  }\n": typeof types.SystemsDocument,
    "\n  mutation SetSystemEnabled($code: SystemCode!, $enabled: Boolean!) {\n    setSystemEnabled(code: $code, enabled: $enabled) {\n      ...SystemFields\n    }\n  }\n": typeof types.SetSystemEnabledDocument,
    "\n  mutation AddSystem($code: SystemCode!, $name: String!) {\n    addSystem(code: $code, name: $name) {\n      ...SystemFields\n    }\n  }\n": typeof types.AddSystemDocument,
    "\n  mutation RemoveSystem($code: SystemCode!) {\n    removeSystem(code: $code)\n  }\n": typeof types.RemoveSystemDocument,
    "\n  query SystemChoices {\n    systems {\n      code\n      name\n    }\n  }\n": typeof types.SystemChoicesDocument,
    "\n  mutation RotateSystemApiKey($code: SystemCode!) {\n    rotateSystemApiKey(code: $code)\n  }\n": typeof types.RotateSystemApiKeyDocument,
    "\n  mutation CreateSystemRole($input: CreateSystemRoleInput!) {\n    createSystemRole(input: $input) {\n      ...SystemRoleFields\n    }\n  }\n": typeof types.CreateSystemRoleDocument,
    "\n  mutation UpdateSystemRole($id: ID!, $input: UpdateSystemRoleInput!) {\n    updateSystemRole(id: $id, input: $input) {\n      ...SystemRoleFields\n    }\n  }\n": typeof types.UpdateSystemRoleDocument,
    "\n  query RolePeople($query: String, $first: Int) {\n    employees(query: $query, first: $first) {\n      nodes {\n        id\n        name\n        login\n        systemRoles {\n          id\n        }\n      }\n      totalCount\n    }\n  }\n": typeof types.RolePeopleDocument,
    "\n  mutation AssignSystemRoles($employeeId: ID!, $roleIds: [ID!]!) {\n    assignSystemRoles(employeeId: $employeeId, roleIds: $roleIds) {\n      id\n    }\n  }\n": typeof types.AssignSystemRolesDocument,
    "\n  fragment AudienceFields on Audience {\n    all\n    departments {\n      id\n      name\n    }\n  }\n": typeof types.AudienceFieldsFragmentDoc,
    "\n  query PublishedNotices($kind: NoticeKind!, $first: Int, $after: String) {\n    publishedNotices(kind: $kind, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          kind\n          title\n          publishedAt\n          recipientCount\n          audience {\n            ...AudienceFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.PublishedNoticesDocument,
    "\n  query NoticeReadStats($id: ID!) {\n    noticeReadStats(id: $id) {\n      noticeId\n      recipients\n      read\n      unread\n    }\n  }\n": typeof types.NoticeReadStatsDocument,
    "\n  mutation PublishNotice($input: PublishNoticeInput!) {\n    publishNotice(input: $input) {\n      id\n      title\n    }\n  }\n": typeof types.PublishNoticeDocument,
    "\n  query PublishedSurveys($first: Int, $after: String) {\n    publishedSurveys(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          state\n          opensAt\n          closesAt\n          publishedAt\n          recipientCount\n          resultsVisibility\n          audience {\n            ...AudienceFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.PublishedSurveysDocument,
    "\n  query PushProgress($item: PushItem!, $id: ID!) {\n    pushProgress(item: $item, id: $id) {\n      total\n      sent\n      skipped\n      retrying\n      undeliverable\n      queued\n      lastSentAt\n      etaSeconds\n    }\n  }\n": typeof types.PushProgressDocument,
    "\n  mutation PublishSurvey($input: PublishSurveyInput!) {\n    publishSurvey(input: $input) {\n      id\n      title\n    }\n  }\n": typeof types.PublishSurveyDocument,
    "\n  query AdminOverview($days: Int) {\n    adminOverview {\n      tenantName\n      tenantSlug\n      staffActive\n      staffTotal\n      staffOnWeCom\n      binding\n      preflight {\n        ok\n        checkedAt\n      }\n    }\n    deliveryDays(days: $days) {\n      date\n      sent\n      skipped\n      failed\n      pending\n    }\n  }\n": typeof types.AdminOverviewDocument,
    "\n  query TenantName {\n    adminOverview {\n      tenantName\n    }\n  }\n": typeof types.TenantNameDocument,
    "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        actorKind\n        actor\n        source\n        action\n        target\n        changes\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment DeliveryFields on Delivery {\n    id\n    kind\n    channel\n    route\n    recipient\n    recipientName\n    status\n    error\n    answer\n    attempts\n    createdAt\n    updatedAt\n  }\n": typeof types.DeliveryFieldsFragmentDoc,
    "\n  query Deliveries($filter: DeliveryFilter, $first: Int, $after: String) {\n    deliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...DeliveryFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DeliveriesDocument,
    "\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": typeof types.RetryDeliveryDocument,
    "\n  fragment PreflightFields on Preflight {\n    ok\n    checkedAt\n    checks {\n      key\n      title\n      ok\n      errcode\n      message\n      advice\n    }\n  }\n": typeof types.PreflightFieldsFragmentDoc,
    "\n  fragment WeComBindingFields on WeComBinding {\n    corpId\n    mode\n    contactSecret\n    customerSecret\n    trustedDomain\n    expectedDomain\n    egressIps\n    apps {\n      system\n      agentId\n      secret\n    }\n    receivers {\n      name\n      kind\n      system\n      url\n      token\n      encodingAESKey\n      verifiedAt\n    }\n    preflight {\n      ...PreflightFields\n    }\n  }\n": typeof types.WeComBindingFieldsFragmentDoc,
    "\n  query WeComBinding {\n    wecomBinding {\n      ...WeComBindingFields\n    }\n  }\n": typeof types.WeComBindingDocument,
    "\n  mutation SaveWeComCorp($input: WeComCorpInput!) {\n    saveWeComCorp(input: $input) {\n      ...WeComBindingFields\n    }\n  }\n": typeof types.SaveWeComCorpDocument,
    "\n  mutation SaveWeComApp($input: WeComAppInput!) {\n    saveWeComApp(input: $input) {\n      ...WeComBindingFields\n    }\n  }\n": typeof types.SaveWeComAppDocument,
    "\n  mutation SetReceiverKeys($name: String!, $token: String, $encodingAESKey: String) {\n    setReceiverKeys(name: $name, token: $token, encodingAESKey: $encodingAESKey) {\n      ...WeComBindingFields\n    }\n  }\n": typeof types.SetReceiverKeysDocument,
    "\n  mutation RunPreflight {\n    runPreflight {\n      ...PreflightFields\n    }\n  }\n": typeof types.RunPreflightDocument,
    "\n  fragment ServiceAccountFields on ServiceAccount {\n    appId\n    secret\n    eventUrl\n    token\n    encodingAESKey\n    encryptMode\n    ipWhitelist\n    domain\n    identityColumn\n    allowRegister\n    pushChannel\n    preflight {\n      ...PreflightFields\n    }\n  }\n": typeof types.ServiceAccountFieldsFragmentDoc,
    "\n  query ServiceAccount {\n    serviceAccount {\n      ...ServiceAccountFields\n    }\n  }\n": typeof types.ServiceAccountDocument,
    "\n  mutation SaveServiceAccount($input: ServiceAccountInput!) {\n    saveServiceAccount(input: $input) {\n      ...ServiceAccountFields\n    }\n  }\n": typeof types.SaveServiceAccountDocument,
    "\n  mutation RunServiceAccountPreflight {\n    runServiceAccountPreflight {\n      ...PreflightFields\n    }\n  }\n": typeof types.RunServiceAccountPreflightDocument,
    "\n  fragment WeComMenuFields on WeComMenu {\n    buttons {\n      name\n      url\n      subButtons {\n        name\n        url\n      }\n    }\n  }\n": typeof types.WeComMenuFieldsFragmentDoc,
    "\n  mutation GenerateWeComMenu {\n    generateWeComMenu {\n      ...WeComMenuFields\n    }\n  }\n": typeof types.GenerateWeComMenuDocument,
    "\n  query WeComMenu {\n    wecomMenu {\n      ...WeComMenuFields\n    }\n  }\n": typeof types.WeComMenuDocument,
    "\n  mutation RemoveWeComApp($system: SystemCode!) {\n    removeWeComApp(system: $system) {\n      ...WeComBindingFields\n    }\n  }\n": typeof types.RemoveWeComAppDocument,
    "\n  query WeComQRLogin($tenant: String!, $next: String) {\n    wecomQRLogin(tenant: $tenant, next: $next)\n  }\n": typeof types.WeComQrLoginDocument,
    "\n  mutation ExchangeAdminTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n": typeof types.ExchangeAdminTicketDocument,
    "\n  fragment WeComEventFields on WeComEvent {\n    id\n    receiver\n    msgType\n    event\n    changeType\n    status\n    reason\n    error\n    attempts\n    replays\n    receivedAt\n    processedAt\n    body\n  }\n": typeof types.WeComEventFieldsFragmentDoc,
    "\n  query WeComEvents($filter: WeComEventFilter, $first: Int, $after: String) {\n    wecomEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...WeComEventFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.WeComEventsDocument,
    "\n  mutation ReplayWeComEvent($id: ID!) {\n    replayWeComEvent(id: $id) {\n      ...WeComEventFields\n    }\n  }\n": typeof types.ReplayWeComEventDocument,
    "\n  query WeComJoinQRCode($size: Int) {\n    wecomJoinQRCode(size: $size)\n  }\n": typeof types.WeComJoinQrCodeDocument,
    "\n  mutation PullExternalContacts {\n    pullExternalContacts {\n      members\n      contacts\n      followers\n      notEmployees\n      refused\n      firstRefusal\n    }\n  }\n": typeof types.PullExternalContactsDocument,
    "\n  query TenantDomain {\n    tenantHosts\n    verifyFiles {\n      ...VerifyFileFields\n    }\n  }\n": typeof types.TenantDomainDocument,
    "\n  fragment VerifyFileFields on VerifyFile {\n    name\n    content\n    createdAt\n  }\n": typeof types.VerifyFileFieldsFragmentDoc,
    "\n  mutation SetTenantHosts($hosts: [String!]!) {\n    setTenantHosts(hosts: $hosts)\n  }\n": typeof types.SetTenantHostsDocument,
    "\n  mutation SaveVerifyFile($name: String!, $content: String!) {\n    saveVerifyFile(name: $name, content: $content) {\n      ...VerifyFileFields\n    }\n  }\n": typeof types.SaveVerifyFileDocument,
    "\n  mutation DeleteVerifyFile($name: String!) {\n    deleteVerifyFile(name: $name) {\n      ...VerifyFileFields\n    }\n  }\n": typeof types.DeleteVerifyFileDocument,
    "\n  fragment BranchFields on Branch {\n    id\n    name\n    employeeCount\n  }\n": typeof types.BranchFieldsFragmentDoc,
    "\n  query Branches {\n    branches {\n      ...BranchFields\n    }\n  }\n": typeof types.BranchesDocument,
    "\n  mutation CreateBranch($name: String!) {\n    createBranch(name: $name) {\n      ...BranchFields\n    }\n  }\n": typeof types.CreateBranchDocument,
    "\n  mutation RenameBranch($id: ID!, $name: String!) {\n    renameBranch(id: $id, name: $name) {\n      ...BranchFields\n    }\n  }\n": typeof types.RenameBranchDocument,
    "\n  mutation DeleteBranch($id: ID!) {\n    deleteBranch(id: $id)\n  }\n": typeof types.DeleteBranchDocument,
    "\n  fragment StaffFields on EmployeeDetail {\n    id\n    name\n    login\n    admin\n    wecomUserId\n    wecomStatus\n    position\n    mobile\n    email\n    status\n    employeeNo\n    branch {\n      id\n      name\n    }\n    departments {\n      id\n      name\n      isMain\n      isLeader\n    }\n  }\n": typeof types.StaffFieldsFragmentDoc,
    "\n  query Staff(\n    $query: String\n    $departmentId: ID\n    $withSubDepartments: Boolean\n    $statuses: [EmployeeStatus!]\n    $wecomStatuses: [WeComMemberStatus!]\n    $first: Int\n    $after: String\n  ) {\n    staff(\n      query: $query\n      departmentId: $departmentId\n      withSubDepartments: $withSubDepartments\n      statuses: $statuses\n      wecomStatuses: $wecomStatuses\n      first: $first\n      after: $after\n    ) {\n      nodes {\n        ...StaffFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.StaffDocument,
    "\n  fragment PersonFields on EmployeeDetail {\n    ...StaffFields\n    mustChangePassword\n    systemRoles {\n      id\n      name\n    }\n  }\n": typeof types.PersonFieldsFragmentDoc,
    "\n  query Person($id: ID!) {\n    employee(id: $id) {\n      ...PersonFields\n    }\n  }\n": typeof types.PersonDocument,
    "\n  mutation CreateEmployee($input: CreateEmployeeInput!) {\n    createEmployee(input: $input) {\n      employee {\n        ...StaffFields\n      }\n      oneTimePassword\n    }\n  }\n": typeof types.CreateEmployeeDocument,
    "\n  mutation UpdateEmployee($id: ID!, $input: UpdateEmployeeInput!) {\n    updateEmployee(id: $id, input: $input) {\n      ...PersonFields\n    }\n  }\n": typeof types.UpdateEmployeeDocument,
    "\n  mutation ChangeStaff($ids: [ID!]!, $action: StaffAction!) {\n    changeStaff(ids: $ids, action: $action) {\n      employeeId\n      employee {\n        id\n        status\n      }\n      error\n    }\n  }\n": typeof types.ChangeStaffDocument,
    "\n  mutation ResetEmployeePassword($id: ID!) {\n    resetEmployeePassword(id: $id)\n  }\n": typeof types.ResetEmployeePasswordDocument,
    "\n  fragment StaffImportFields on StaffImport {\n    id\n    fileName\n    state\n    startedBy\n    createdAt\n    finishedAt\n    total\n    creates\n    updates\n    leaves\n    bad\n    applied\n    failed\n    newDepartments\n    failedRowsUrl\n  }\n": typeof types.StaffImportFieldsFragmentDoc,
    "\n  fragment StaffImportRowFields on StaffImportRow {\n    line\n    action\n    name\n    login\n    reasons\n    result\n    error\n  }\n": typeof types.StaffImportRowFieldsFragmentDoc,
    "\n  mutation PreviewStaffImport($file: Upload!) {\n    previewStaffImport(file: $file) {\n      ...StaffImportFields\n    }\n  }\n": typeof types.PreviewStaffImportDocument,
    "\n  mutation ApplyStaffImport($id: ID!) {\n    applyStaffImport(id: $id) {\n      ...StaffImportFields\n    }\n  }\n": typeof types.ApplyStaffImportDocument,
    "\n  query StaffImport($id: ID!) {\n    staffImport(id: $id) {\n      ...StaffImportFields\n    }\n  }\n": typeof types.StaffImportDocument,
    "\n  query StaffImportRows($id: ID!, $actions: [StaffImportAction!], $failedOnly: Boolean, $first: Int, $after: Int) {\n    staffImport(id: $id) {\n      id\n      rows(actions: $actions, failedOnly: $failedOnly, first: $first, after: $after) {\n        nodes {\n          ...StaffImportRowFields\n        }\n        hasNextPage\n      }\n    }\n  }\n": typeof types.StaffImportRowsDocument,
    "\n  query StaffImports($first: Int) {\n    staffImports(first: $first) {\n      ...StaffImportFields\n    }\n  }\n": typeof types.StaffImportsDocument,
    "\n  fragment ContactSyncCountsFields on ContactSyncCounts {\n    departmentCreates\n    departmentUpdates\n    departmentDeletes\n    creates\n    updates\n    disables\n    deletes\n    invalid\n  }\n": typeof types.ContactSyncCountsFieldsFragmentDoc,
    "\n  fragment ContactSyncFields on ContactSync {\n    id\n    direction\n    trigger\n    mode\n    state\n    startedBy\n    counts {\n      ...ContactSyncCountsFields\n    }\n    conflicts\n    total\n    done\n    failed\n    apiCalls\n    error\n    createdAt\n    finishedAt\n  }\n": typeof types.ContactSyncFieldsFragmentDoc,
    "\n  query ContactSyncPreview {\n    contactSyncPreview {\n      mode\n      blocked\n      wecomMembers\n      replaceDeletes\n      counts {\n        ...ContactSyncCountsFields\n      }\n      unchanged\n      departmentChanges {\n        action\n        name\n      }\n      memberChanges {\n        action\n        name\n        wecomUserId\n        fields\n      }\n      invalid {\n        employeeId\n        name\n        wecomUserId\n        rules\n      }\n      running {\n        ...ContactSyncFields\n      }\n    }\n  }\n": typeof types.ContactSyncPreviewDocument,
    "\n  query ContactSyncs($first: Int) {\n    contactSyncs(first: $first) {\n      ...ContactSyncFields\n    }\n  }\n": typeof types.ContactSyncsDocument,
    "\n  query ContactSync($id: ID!) {\n    contactSync(id: $id) {\n      ...ContactSyncFields\n    }\n  }\n": typeof types.ContactSyncDocument,
    "\n  query ContactSyncRows($id: ID!, $problemsOnly: Boolean, $first: Int, $after: Int) {\n    contactSync(id: $id) {\n      id\n      rows(problemsOnly: $problemsOnly, first: $first, after: $after) {\n        nodes {\n          seq\n          kind\n          subject\n          ref\n          action\n          result\n          reason\n        }\n        hasNextPage\n      }\n    }\n  }\n": typeof types.ContactSyncRowsDocument,
    "\n  mutation StartContactSync($confirmReplace: Boolean) {\n    startContactSync(confirmReplace: $confirmReplace) {\n      ...ContactSyncFields\n    }\n  }\n": typeof types.StartContactSyncDocument,
    "\n  mutation PullContactsFromWeCom {\n    pullContactsFromWeCom {\n      ...ContactSyncFields\n    }\n  }\n": typeof types.PullContactsFromWeComDocument,
    "\n  fragment ContactSyncSettingsFields on ContactSyncSettings {\n    scheduleEnabled\n    times\n    timeZone\n    wecomOwnedFields\n    nextRunAt\n  }\n": typeof types.ContactSyncSettingsFieldsFragmentDoc,
    "\n  query ContactSyncSettings {\n    contactSyncSettings {\n      ...ContactSyncSettingsFields\n    }\n  }\n": typeof types.ContactSyncSettingsDocument,
    "\n  mutation SaveContactSyncSettings($input: ContactSyncSettingsInput!) {\n    saveContactSyncSettings(input: $input) {\n      ...ContactSyncSettingsFields\n    }\n  }\n": typeof types.SaveContactSyncSettingsDocument,
    "\n  query ServiceAccountTemplates {\n    serviceAccountTemplates {\n      id\n      title\n      keywords {\n        key\n        label\n        limit\n      }\n    }\n  }\n": typeof types.ServiceAccountTemplatesDocument,
    "\n  fragment MessageKindFields on MessageKind {\n    kind\n    name\n    templateId\n    fields {\n      key\n      fact\n    }\n    updatedAt\n  }\n": typeof types.MessageKindFieldsFragmentDoc,
    "\n  query MessageKinds {\n    messageKinds {\n      ...MessageKindFields\n    }\n    messageFacts {\n      fact\n      label\n    }\n  }\n": typeof types.MessageKindsDocument,
    "\n  query TemplatePreview($kind: String!, $templateId: String!, $fields: [TemplateFieldInput!]!) {\n    templatePreview(kind: $kind, templateId: $templateId, fields: $fields) {\n      title\n      lines {\n        key\n        label\n        value\n      }\n      opens\n    }\n  }\n": typeof types.TemplatePreviewDocument,
    "\n  mutation MapMessageTemplate($kind: String!, $templateId: String, $fields: [TemplateFieldInput!]) {\n    mapMessageTemplate(kind: $kind, templateId: $templateId, fields: $fields) {\n      ...MessageKindFields\n    }\n  }\n": typeof types.MapMessageTemplateDocument,
    "\n  query ServiceAccountMenu {\n    serviceAccountMenu {\n      ...WeComMenuFields\n    }\n  }\n": typeof types.ServiceAccountMenuDocument,
    "\n  mutation GenerateServiceAccountMenu {\n    generateServiceAccountMenu {\n      ...WeComMenuFields\n    }\n  }\n": typeof types.GenerateServiceAccountMenuDocument,
    "\n  query WechatBindings($first: Int, $after: String, $query: String) {\n    wechatBindings(first: $first, after: $after, query: $query) {\n      nodes {\n        id\n        employee {\n          id\n          name\n        }\n        contact {\n          id\n          login\n          name\n          company\n          party\n        }\n        openId\n        subscribed\n        boundAt\n        lastSeenAt\n      }\n      next\n    }\n  }\n": typeof types.WechatBindingsDocument,
    "\n  mutation EndWechatBinding($id: ID!) {\n    endWechatBinding(id: $id)\n  }\n": typeof types.EndWechatBindingDocument,
    "\n  fragment RegistrationFields on Registration {\n    id\n    name\n    departmentPath\n    departmentId\n    position\n    login\n    mobile\n    email\n    note\n    status\n    reason\n    decidedBy\n    decidedAt\n    employee {\n      id\n      name\n    }\n    party\n    company\n    contact {\n      name\n      login\n    }\n    createdAt\n  }\n": typeof types.RegistrationFieldsFragmentDoc,
    "\n  query Registrations($status: RegistrationStatus, $first: Int, $after: String) {\n    registrations(status: $status, first: $first, after: $after) {\n      nodes {\n        ...RegistrationFields\n      }\n      next\n    }\n  }\n": typeof types.RegistrationsDocument,
    "\n  query PendingRegistrations($first: Int) {\n    registrations(status: PENDING, first: $first) {\n      nodes {\n        id\n      }\n      next\n    }\n    serviceAccount {\n      allowRegister\n    }\n  }\n": typeof types.PendingRegistrationsDocument,
    "\n  mutation DecideRegistration($id: ID!, $approve: Boolean!, $reason: String) {\n    decideRegistration(id: $id, approve: $approve, reason: $reason) {\n      registration {\n        ...RegistrationFields\n      }\n      syncStarted\n    }\n  }\n": typeof types.DecideRegistrationDocument,
    "\n  mutation InviteToWeCom($employeeIds: [ID!]) {\n    inviteToWeCom(employeeIds: $employeeIds) {\n      invited {\n        id\n        name\n      }\n      refused {\n        id\n        name\n      }\n      skipped {\n        employee {\n          id\n          name\n        }\n        reason\n      }\n    }\n  }\n": typeof types.InviteToWeComDocument,
    "\n  fragment PartyContactFields on PartyContact {\n    id\n    login\n    party\n    company\n    name\n    mobile\n    status\n    source\n    wechatBound\n    wechatSubscribed\n    createdAt\n  }\n": typeof types.PartyContactFieldsFragmentDoc,
    "\n  query PartyContacts($filter: PartyContactFilter, $first: Int, $after: String) {\n    partyContacts(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...PartyContactFields\n      }\n      next\n    }\n  }\n": typeof types.PartyContactsDocument,
    "\n  mutation CreatePartyContact($input: NewPartyContact!) {\n    createPartyContact(input: $input) {\n      contact {\n        ...PartyContactFields\n      }\n      oneTimePassword\n    }\n  }\n": typeof types.CreatePartyContactDocument,
    "\n  mutation UpdatePartyContact($id: ID!, $input: PartyContactInput!) {\n    updatePartyContact(id: $id, input: $input) {\n      ...PartyContactFields\n    }\n  }\n": typeof types.UpdatePartyContactDocument,
    "\n  mutation SetPartyContactFrozen($id: ID!, $frozen: Boolean!) {\n    setPartyContactFrozen(id: $id, frozen: $frozen) {\n      ...PartyContactFields\n    }\n  }\n": typeof types.SetPartyContactFrozenDocument,
    "\n  mutation ResetPartyContactPassword($id: ID!) {\n    resetPartyContactPassword(id: $id)\n  }\n": typeof types.ResetPartyContactPasswordDocument,
    "\n  mutation DeletePartyContact($id: ID!) {\n    deletePartyContact(id: $id)\n  }\n": typeof types.DeletePartyContactDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    mustChangePassword\n    account {\n      id\n      login\n      role\n      mustChangePassword\n      contact {\n        name\n        company\n        party\n      }\n      employee {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {\n    login(tenant: $tenant, login: $login, password: $password, bindTicket: $bindTicket) {\n      ...SessionFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout($refreshToken: String) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      ...SessionFields\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query SurveyResults($id: ID!) {\n    surveyResults(id: $id) {\n      surveyId\n      ballots\n      questions {\n        questionId\n        text\n        kind\n        respondents\n        options {\n          optionId\n          text\n          count\n          percent\n        }\n      }\n    }\n  }\n": typeof types.SurveyResultsDocument,
};
const documents: Documents = {
    "\n  fragment TenantSettingsFields on TenantSettings {\n    lockoutThreshold\n    lockoutMinutes\n    passwordMinLength\n    passwordRequireSymbol\n    forcePasswordChange\n  }\n": types.TenantSettingsFieldsFragmentDoc,
    "\n  query TenantSettings {\n    tenantSettings {\n      ...TenantSettingsFields\n    }\n  }\n": types.TenantSettingsDocument,
    "\n  mutation UpdateTenantSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      ...TenantSettingsFields\n    }\n  }\n": types.UpdateTenantSettingsDocument,
    "\n  fragment AdminDepartmentFields on DepartmentNode {\n    id\n    name\n    parentId\n    sortOrder\n    memberCount\n    totalMemberCount\n  }\n": types.AdminDepartmentFieldsFragmentDoc,
    "\n  query AdminDepartmentTree {\n    departments {\n      ...AdminDepartmentFields\n      children {\n        ...AdminDepartmentFields\n        children {\n          ...AdminDepartmentFields\n          children {\n            ...AdminDepartmentFields\n            children {\n              ...AdminDepartmentFields\n              children {\n                ...AdminDepartmentFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.AdminDepartmentTreeDocument,
    "\n  fragment DepartmentFields on Department {\n    id\n    name\n    parentId\n    sortOrder\n  }\n": types.DepartmentFieldsFragmentDoc,
    "\n  mutation CreateDepartment($input: CreateDepartmentInput!) {\n    createDepartment(input: $input) {\n      ...DepartmentFields\n    }\n  }\n": types.CreateDepartmentDocument,
    "\n  mutation RenameDepartment($id: ID!, $name: String!) {\n    renameDepartment(id: $id, name: $name) {\n      ...DepartmentFields\n    }\n  }\n": types.RenameDepartmentDocument,
    "\n  mutation MoveDepartment($id: ID!, $parentId: ID) {\n    moveDepartment(id: $id, parentId: $parentId) {\n      ...DepartmentFields\n    }\n  }\n": types.MoveDepartmentDocument,
    "\n  mutation SetDepartmentSortOrder($id: ID!, $sortOrder: Int!) {\n    setDepartmentSortOrder(id: $id, sortOrder: $sortOrder) {\n      ...DepartmentFields\n    }\n  }\n": types.SetDepartmentSortOrderDocument,
    "\n  mutation DeleteDepartment($id: ID!) {\n    deleteDepartment(id: $id)\n  }\n": types.DeleteDepartmentDocument,
    "\n  fragment MemberFields on EmployeeDetail {\n    id\n    name\n    position\n    login\n    status\n    departments {\n      id\n      isLeader\n      isMain\n    }\n  }\n": types.MemberFieldsFragmentDoc,
    "\n  query DepartmentMembers($departmentId: ID!, $first: Int) {\n    employees(departmentId: $departmentId, first: $first) {\n      nodes {\n        ...MemberFields\n      }\n      totalCount\n    }\n  }\n": types.DepartmentMembersDocument,
    "\n  mutation SetDepartmentLeader($departmentId: ID!, $employeeId: ID!, $leader: Boolean!) {\n    setDepartmentLeader(departmentId: $departmentId, employeeId: $employeeId, leader: $leader) {\n      ...MemberFields\n    }\n  }\n": types.SetDepartmentLeaderDocument,
    "\n  fragment SystemFields on System {\n    code\n    name\n    builtin\n    enabled\n    hasApiKey\n    updatedAt\n  }\n": types.SystemFieldsFragmentDoc,
    "\n  fragment SystemRoleFields on SystemRole {\n    id\n    name\n    allowWeChat\n    isDefault\n    systems\n  }\n": types.SystemRoleFieldsFragmentDoc,
    "\n  query Systems {\n    systems {\n      ...SystemFields\n    }\n    systemRoles {\n      ...SystemRoleFields\n    }\n  }\n": types.SystemsDocument,
    "\n  mutation SetSystemEnabled($code: SystemCode!, $enabled: Boolean!) {\n    setSystemEnabled(code: $code, enabled: $enabled) {\n      ...SystemFields\n    }\n  }\n": types.SetSystemEnabledDocument,
    "\n  mutation AddSystem($code: SystemCode!, $name: String!) {\n    addSystem(code: $code, name: $name) {\n      ...SystemFields\n    }\n  }\n": types.AddSystemDocument,
    "\n  mutation RemoveSystem($code: SystemCode!) {\n    removeSystem(code: $code)\n  }\n": types.RemoveSystemDocument,
    "\n  query SystemChoices {\n    systems {\n      code\n      name\n    }\n  }\n": types.SystemChoicesDocument,
    "\n  mutation RotateSystemApiKey($code: SystemCode!) {\n    rotateSystemApiKey(code: $code)\n  }\n": types.RotateSystemApiKeyDocument,
    "\n  mutation CreateSystemRole($input: CreateSystemRoleInput!) {\n    createSystemRole(input: $input) {\n      ...SystemRoleFields\n    }\n  }\n": types.CreateSystemRoleDocument,
    "\n  mutation UpdateSystemRole($id: ID!, $input: UpdateSystemRoleInput!) {\n    updateSystemRole(id: $id, input: $input) {\n      ...SystemRoleFields\n    }\n  }\n": types.UpdateSystemRoleDocument,
    "\n  query RolePeople($query: String, $first: Int) {\n    employees(query: $query, first: $first) {\n      nodes {\n        id\n        name\n        login\n        systemRoles {\n          id\n        }\n      }\n      totalCount\n    }\n  }\n": types.RolePeopleDocument,
    "\n  mutation AssignSystemRoles($employeeId: ID!, $roleIds: [ID!]!) {\n    assignSystemRoles(employeeId: $employeeId, roleIds: $roleIds) {\n      id\n    }\n  }\n": types.AssignSystemRolesDocument,
    "\n  fragment AudienceFields on Audience {\n    all\n    departments {\n      id\n      name\n    }\n  }\n": types.AudienceFieldsFragmentDoc,
    "\n  query PublishedNotices($kind: NoticeKind!, $first: Int, $after: String) {\n    publishedNotices(kind: $kind, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          kind\n          title\n          publishedAt\n          recipientCount\n          audience {\n            ...AudienceFields\n          }\n        }\n      }\n    }\n  }\n": types.PublishedNoticesDocument,
    "\n  query NoticeReadStats($id: ID!) {\n    noticeReadStats(id: $id) {\n      noticeId\n      recipients\n      read\n      unread\n    }\n  }\n": types.NoticeReadStatsDocument,
    "\n  mutation PublishNotice($input: PublishNoticeInput!) {\n    publishNotice(input: $input) {\n      id\n      title\n    }\n  }\n": types.PublishNoticeDocument,
    "\n  query PublishedSurveys($first: Int, $after: String) {\n    publishedSurveys(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          state\n          opensAt\n          closesAt\n          publishedAt\n          recipientCount\n          resultsVisibility\n          audience {\n            ...AudienceFields\n          }\n        }\n      }\n    }\n  }\n": types.PublishedSurveysDocument,
    "\n  query PushProgress($item: PushItem!, $id: ID!) {\n    pushProgress(item: $item, id: $id) {\n      total\n      sent\n      skipped\n      retrying\n      undeliverable\n      queued\n      lastSentAt\n      etaSeconds\n    }\n  }\n": types.PushProgressDocument,
    "\n  mutation PublishSurvey($input: PublishSurveyInput!) {\n    publishSurvey(input: $input) {\n      id\n      title\n    }\n  }\n": types.PublishSurveyDocument,
    "\n  query AdminOverview($days: Int) {\n    adminOverview {\n      tenantName\n      tenantSlug\n      staffActive\n      staffTotal\n      staffOnWeCom\n      binding\n      preflight {\n        ok\n        checkedAt\n      }\n    }\n    deliveryDays(days: $days) {\n      date\n      sent\n      skipped\n      failed\n      pending\n    }\n  }\n": types.AdminOverviewDocument,
    "\n  query TenantName {\n    adminOverview {\n      tenantName\n    }\n  }\n": types.TenantNameDocument,
    "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        actorKind\n        actor\n        source\n        action\n        target\n        changes\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment DeliveryFields on Delivery {\n    id\n    kind\n    channel\n    route\n    recipient\n    recipientName\n    status\n    error\n    answer\n    attempts\n    createdAt\n    updatedAt\n  }\n": types.DeliveryFieldsFragmentDoc,
    "\n  query Deliveries($filter: DeliveryFilter, $first: Int, $after: String) {\n    deliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...DeliveryFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DeliveriesDocument,
    "\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": types.RetryDeliveryDocument,
    "\n  fragment PreflightFields on Preflight {\n    ok\n    checkedAt\n    checks {\n      key\n      title\n      ok\n      errcode\n      message\n      advice\n    }\n  }\n": types.PreflightFieldsFragmentDoc,
    "\n  fragment WeComBindingFields on WeComBinding {\n    corpId\n    mode\n    contactSecret\n    customerSecret\n    trustedDomain\n    expectedDomain\n    egressIps\n    apps {\n      system\n      agentId\n      secret\n    }\n    receivers {\n      name\n      kind\n      system\n      url\n      token\n      encodingAESKey\n      verifiedAt\n    }\n    preflight {\n      ...PreflightFields\n    }\n  }\n": types.WeComBindingFieldsFragmentDoc,
    "\n  query WeComBinding {\n    wecomBinding {\n      ...WeComBindingFields\n    }\n  }\n": types.WeComBindingDocument,
    "\n  mutation SaveWeComCorp($input: WeComCorpInput!) {\n    saveWeComCorp(input: $input) {\n      ...WeComBindingFields\n    }\n  }\n": types.SaveWeComCorpDocument,
    "\n  mutation SaveWeComApp($input: WeComAppInput!) {\n    saveWeComApp(input: $input) {\n      ...WeComBindingFields\n    }\n  }\n": types.SaveWeComAppDocument,
    "\n  mutation SetReceiverKeys($name: String!, $token: String, $encodingAESKey: String) {\n    setReceiverKeys(name: $name, token: $token, encodingAESKey: $encodingAESKey) {\n      ...WeComBindingFields\n    }\n  }\n": types.SetReceiverKeysDocument,
    "\n  mutation RunPreflight {\n    runPreflight {\n      ...PreflightFields\n    }\n  }\n": types.RunPreflightDocument,
    "\n  fragment ServiceAccountFields on ServiceAccount {\n    appId\n    secret\n    eventUrl\n    token\n    encodingAESKey\n    encryptMode\n    ipWhitelist\n    domain\n    identityColumn\n    allowRegister\n    pushChannel\n    preflight {\n      ...PreflightFields\n    }\n  }\n": types.ServiceAccountFieldsFragmentDoc,
    "\n  query ServiceAccount {\n    serviceAccount {\n      ...ServiceAccountFields\n    }\n  }\n": types.ServiceAccountDocument,
    "\n  mutation SaveServiceAccount($input: ServiceAccountInput!) {\n    saveServiceAccount(input: $input) {\n      ...ServiceAccountFields\n    }\n  }\n": types.SaveServiceAccountDocument,
    "\n  mutation RunServiceAccountPreflight {\n    runServiceAccountPreflight {\n      ...PreflightFields\n    }\n  }\n": types.RunServiceAccountPreflightDocument,
    "\n  fragment WeComMenuFields on WeComMenu {\n    buttons {\n      name\n      url\n      subButtons {\n        name\n        url\n      }\n    }\n  }\n": types.WeComMenuFieldsFragmentDoc,
    "\n  mutation GenerateWeComMenu {\n    generateWeComMenu {\n      ...WeComMenuFields\n    }\n  }\n": types.GenerateWeComMenuDocument,
    "\n  query WeComMenu {\n    wecomMenu {\n      ...WeComMenuFields\n    }\n  }\n": types.WeComMenuDocument,
    "\n  mutation RemoveWeComApp($system: SystemCode!) {\n    removeWeComApp(system: $system) {\n      ...WeComBindingFields\n    }\n  }\n": types.RemoveWeComAppDocument,
    "\n  query WeComQRLogin($tenant: String!, $next: String) {\n    wecomQRLogin(tenant: $tenant, next: $next)\n  }\n": types.WeComQrLoginDocument,
    "\n  mutation ExchangeAdminTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n": types.ExchangeAdminTicketDocument,
    "\n  fragment WeComEventFields on WeComEvent {\n    id\n    receiver\n    msgType\n    event\n    changeType\n    status\n    reason\n    error\n    attempts\n    replays\n    receivedAt\n    processedAt\n    body\n  }\n": types.WeComEventFieldsFragmentDoc,
    "\n  query WeComEvents($filter: WeComEventFilter, $first: Int, $after: String) {\n    wecomEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...WeComEventFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.WeComEventsDocument,
    "\n  mutation ReplayWeComEvent($id: ID!) {\n    replayWeComEvent(id: $id) {\n      ...WeComEventFields\n    }\n  }\n": types.ReplayWeComEventDocument,
    "\n  query WeComJoinQRCode($size: Int) {\n    wecomJoinQRCode(size: $size)\n  }\n": types.WeComJoinQrCodeDocument,
    "\n  mutation PullExternalContacts {\n    pullExternalContacts {\n      members\n      contacts\n      followers\n      notEmployees\n      refused\n      firstRefusal\n    }\n  }\n": types.PullExternalContactsDocument,
    "\n  query TenantDomain {\n    tenantHosts\n    verifyFiles {\n      ...VerifyFileFields\n    }\n  }\n": types.TenantDomainDocument,
    "\n  fragment VerifyFileFields on VerifyFile {\n    name\n    content\n    createdAt\n  }\n": types.VerifyFileFieldsFragmentDoc,
    "\n  mutation SetTenantHosts($hosts: [String!]!) {\n    setTenantHosts(hosts: $hosts)\n  }\n": types.SetTenantHostsDocument,
    "\n  mutation SaveVerifyFile($name: String!, $content: String!) {\n    saveVerifyFile(name: $name, content: $content) {\n      ...VerifyFileFields\n    }\n  }\n": types.SaveVerifyFileDocument,
    "\n  mutation DeleteVerifyFile($name: String!) {\n    deleteVerifyFile(name: $name) {\n      ...VerifyFileFields\n    }\n  }\n": types.DeleteVerifyFileDocument,
    "\n  fragment BranchFields on Branch {\n    id\n    name\n    employeeCount\n  }\n": types.BranchFieldsFragmentDoc,
    "\n  query Branches {\n    branches {\n      ...BranchFields\n    }\n  }\n": types.BranchesDocument,
    "\n  mutation CreateBranch($name: String!) {\n    createBranch(name: $name) {\n      ...BranchFields\n    }\n  }\n": types.CreateBranchDocument,
    "\n  mutation RenameBranch($id: ID!, $name: String!) {\n    renameBranch(id: $id, name: $name) {\n      ...BranchFields\n    }\n  }\n": types.RenameBranchDocument,
    "\n  mutation DeleteBranch($id: ID!) {\n    deleteBranch(id: $id)\n  }\n": types.DeleteBranchDocument,
    "\n  fragment StaffFields on EmployeeDetail {\n    id\n    name\n    login\n    admin\n    wecomUserId\n    wecomStatus\n    position\n    mobile\n    email\n    status\n    employeeNo\n    branch {\n      id\n      name\n    }\n    departments {\n      id\n      name\n      isMain\n      isLeader\n    }\n  }\n": types.StaffFieldsFragmentDoc,
    "\n  query Staff(\n    $query: String\n    $departmentId: ID\n    $withSubDepartments: Boolean\n    $statuses: [EmployeeStatus!]\n    $wecomStatuses: [WeComMemberStatus!]\n    $first: Int\n    $after: String\n  ) {\n    staff(\n      query: $query\n      departmentId: $departmentId\n      withSubDepartments: $withSubDepartments\n      statuses: $statuses\n      wecomStatuses: $wecomStatuses\n      first: $first\n      after: $after\n    ) {\n      nodes {\n        ...StaffFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.StaffDocument,
    "\n  fragment PersonFields on EmployeeDetail {\n    ...StaffFields\n    mustChangePassword\n    systemRoles {\n      id\n      name\n    }\n  }\n": types.PersonFieldsFragmentDoc,
    "\n  query Person($id: ID!) {\n    employee(id: $id) {\n      ...PersonFields\n    }\n  }\n": types.PersonDocument,
    "\n  mutation CreateEmployee($input: CreateEmployeeInput!) {\n    createEmployee(input: $input) {\n      employee {\n        ...StaffFields\n      }\n      oneTimePassword\n    }\n  }\n": types.CreateEmployeeDocument,
    "\n  mutation UpdateEmployee($id: ID!, $input: UpdateEmployeeInput!) {\n    updateEmployee(id: $id, input: $input) {\n      ...PersonFields\n    }\n  }\n": types.UpdateEmployeeDocument,
    "\n  mutation ChangeStaff($ids: [ID!]!, $action: StaffAction!) {\n    changeStaff(ids: $ids, action: $action) {\n      employeeId\n      employee {\n        id\n        status\n      }\n      error\n    }\n  }\n": types.ChangeStaffDocument,
    "\n  mutation ResetEmployeePassword($id: ID!) {\n    resetEmployeePassword(id: $id)\n  }\n": types.ResetEmployeePasswordDocument,
    "\n  fragment StaffImportFields on StaffImport {\n    id\n    fileName\n    state\n    startedBy\n    createdAt\n    finishedAt\n    total\n    creates\n    updates\n    leaves\n    bad\n    applied\n    failed\n    newDepartments\n    failedRowsUrl\n  }\n": types.StaffImportFieldsFragmentDoc,
    "\n  fragment StaffImportRowFields on StaffImportRow {\n    line\n    action\n    name\n    login\n    reasons\n    result\n    error\n  }\n": types.StaffImportRowFieldsFragmentDoc,
    "\n  mutation PreviewStaffImport($file: Upload!) {\n    previewStaffImport(file: $file) {\n      ...StaffImportFields\n    }\n  }\n": types.PreviewStaffImportDocument,
    "\n  mutation ApplyStaffImport($id: ID!) {\n    applyStaffImport(id: $id) {\n      ...StaffImportFields\n    }\n  }\n": types.ApplyStaffImportDocument,
    "\n  query StaffImport($id: ID!) {\n    staffImport(id: $id) {\n      ...StaffImportFields\n    }\n  }\n": types.StaffImportDocument,
    "\n  query StaffImportRows($id: ID!, $actions: [StaffImportAction!], $failedOnly: Boolean, $first: Int, $after: Int) {\n    staffImport(id: $id) {\n      id\n      rows(actions: $actions, failedOnly: $failedOnly, first: $first, after: $after) {\n        nodes {\n          ...StaffImportRowFields\n        }\n        hasNextPage\n      }\n    }\n  }\n": types.StaffImportRowsDocument,
    "\n  query StaffImports($first: Int) {\n    staffImports(first: $first) {\n      ...StaffImportFields\n    }\n  }\n": types.StaffImportsDocument,
    "\n  fragment ContactSyncCountsFields on ContactSyncCounts {\n    departmentCreates\n    departmentUpdates\n    departmentDeletes\n    creates\n    updates\n    disables\n    deletes\n    invalid\n  }\n": types.ContactSyncCountsFieldsFragmentDoc,
    "\n  fragment ContactSyncFields on ContactSync {\n    id\n    direction\n    trigger\n    mode\n    state\n    startedBy\n    counts {\n      ...ContactSyncCountsFields\n    }\n    conflicts\n    total\n    done\n    failed\n    apiCalls\n    error\n    createdAt\n    finishedAt\n  }\n": types.ContactSyncFieldsFragmentDoc,
    "\n  query ContactSyncPreview {\n    contactSyncPreview {\n      mode\n      blocked\n      wecomMembers\n      replaceDeletes\n      counts {\n        ...ContactSyncCountsFields\n      }\n      unchanged\n      departmentChanges {\n        action\n        name\n      }\n      memberChanges {\n        action\n        name\n        wecomUserId\n        fields\n      }\n      invalid {\n        employeeId\n        name\n        wecomUserId\n        rules\n      }\n      running {\n        ...ContactSyncFields\n      }\n    }\n  }\n": types.ContactSyncPreviewDocument,
    "\n  query ContactSyncs($first: Int) {\n    contactSyncs(first: $first) {\n      ...ContactSyncFields\n    }\n  }\n": types.ContactSyncsDocument,
    "\n  query ContactSync($id: ID!) {\n    contactSync(id: $id) {\n      ...ContactSyncFields\n    }\n  }\n": types.ContactSyncDocument,
    "\n  query ContactSyncRows($id: ID!, $problemsOnly: Boolean, $first: Int, $after: Int) {\n    contactSync(id: $id) {\n      id\n      rows(problemsOnly: $problemsOnly, first: $first, after: $after) {\n        nodes {\n          seq\n          kind\n          subject\n          ref\n          action\n          result\n          reason\n        }\n        hasNextPage\n      }\n    }\n  }\n": types.ContactSyncRowsDocument,
    "\n  mutation StartContactSync($confirmReplace: Boolean) {\n    startContactSync(confirmReplace: $confirmReplace) {\n      ...ContactSyncFields\n    }\n  }\n": types.StartContactSyncDocument,
    "\n  mutation PullContactsFromWeCom {\n    pullContactsFromWeCom {\n      ...ContactSyncFields\n    }\n  }\n": types.PullContactsFromWeComDocument,
    "\n  fragment ContactSyncSettingsFields on ContactSyncSettings {\n    scheduleEnabled\n    times\n    timeZone\n    wecomOwnedFields\n    nextRunAt\n  }\n": types.ContactSyncSettingsFieldsFragmentDoc,
    "\n  query ContactSyncSettings {\n    contactSyncSettings {\n      ...ContactSyncSettingsFields\n    }\n  }\n": types.ContactSyncSettingsDocument,
    "\n  mutation SaveContactSyncSettings($input: ContactSyncSettingsInput!) {\n    saveContactSyncSettings(input: $input) {\n      ...ContactSyncSettingsFields\n    }\n  }\n": types.SaveContactSyncSettingsDocument,
    "\n  query ServiceAccountTemplates {\n    serviceAccountTemplates {\n      id\n      title\n      keywords {\n        key\n        label\n        limit\n      }\n    }\n  }\n": types.ServiceAccountTemplatesDocument,
    "\n  fragment MessageKindFields on MessageKind {\n    kind\n    name\n    templateId\n    fields {\n      key\n      fact\n    }\n    updatedAt\n  }\n": types.MessageKindFieldsFragmentDoc,
    "\n  query MessageKinds {\n    messageKinds {\n      ...MessageKindFields\n    }\n    messageFacts {\n      fact\n      label\n    }\n  }\n": types.MessageKindsDocument,
    "\n  query TemplatePreview($kind: String!, $templateId: String!, $fields: [TemplateFieldInput!]!) {\n    templatePreview(kind: $kind, templateId: $templateId, fields: $fields) {\n      title\n      lines {\n        key\n        label\n        value\n      }\n      opens\n    }\n  }\n": types.TemplatePreviewDocument,
    "\n  mutation MapMessageTemplate($kind: String!, $templateId: String, $fields: [TemplateFieldInput!]) {\n    mapMessageTemplate(kind: $kind, templateId: $templateId, fields: $fields) {\n      ...MessageKindFields\n    }\n  }\n": types.MapMessageTemplateDocument,
    "\n  query ServiceAccountMenu {\n    serviceAccountMenu {\n      ...WeComMenuFields\n    }\n  }\n": types.ServiceAccountMenuDocument,
    "\n  mutation GenerateServiceAccountMenu {\n    generateServiceAccountMenu {\n      ...WeComMenuFields\n    }\n  }\n": types.GenerateServiceAccountMenuDocument,
    "\n  query WechatBindings($first: Int, $after: String, $query: String) {\n    wechatBindings(first: $first, after: $after, query: $query) {\n      nodes {\n        id\n        employee {\n          id\n          name\n        }\n        contact {\n          id\n          login\n          name\n          company\n          party\n        }\n        openId\n        subscribed\n        boundAt\n        lastSeenAt\n      }\n      next\n    }\n  }\n": types.WechatBindingsDocument,
    "\n  mutation EndWechatBinding($id: ID!) {\n    endWechatBinding(id: $id)\n  }\n": types.EndWechatBindingDocument,
    "\n  fragment RegistrationFields on Registration {\n    id\n    name\n    departmentPath\n    departmentId\n    position\n    login\n    mobile\n    email\n    note\n    status\n    reason\n    decidedBy\n    decidedAt\n    employee {\n      id\n      name\n    }\n    party\n    company\n    contact {\n      name\n      login\n    }\n    createdAt\n  }\n": types.RegistrationFieldsFragmentDoc,
    "\n  query Registrations($status: RegistrationStatus, $first: Int, $after: String) {\n    registrations(status: $status, first: $first, after: $after) {\n      nodes {\n        ...RegistrationFields\n      }\n      next\n    }\n  }\n": types.RegistrationsDocument,
    "\n  query PendingRegistrations($first: Int) {\n    registrations(status: PENDING, first: $first) {\n      nodes {\n        id\n      }\n      next\n    }\n    serviceAccount {\n      allowRegister\n    }\n  }\n": types.PendingRegistrationsDocument,
    "\n  mutation DecideRegistration($id: ID!, $approve: Boolean!, $reason: String) {\n    decideRegistration(id: $id, approve: $approve, reason: $reason) {\n      registration {\n        ...RegistrationFields\n      }\n      syncStarted\n    }\n  }\n": types.DecideRegistrationDocument,
    "\n  mutation InviteToWeCom($employeeIds: [ID!]) {\n    inviteToWeCom(employeeIds: $employeeIds) {\n      invited {\n        id\n        name\n      }\n      refused {\n        id\n        name\n      }\n      skipped {\n        employee {\n          id\n          name\n        }\n        reason\n      }\n    }\n  }\n": types.InviteToWeComDocument,
    "\n  fragment PartyContactFields on PartyContact {\n    id\n    login\n    party\n    company\n    name\n    mobile\n    status\n    source\n    wechatBound\n    wechatSubscribed\n    createdAt\n  }\n": types.PartyContactFieldsFragmentDoc,
    "\n  query PartyContacts($filter: PartyContactFilter, $first: Int, $after: String) {\n    partyContacts(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...PartyContactFields\n      }\n      next\n    }\n  }\n": types.PartyContactsDocument,
    "\n  mutation CreatePartyContact($input: NewPartyContact!) {\n    createPartyContact(input: $input) {\n      contact {\n        ...PartyContactFields\n      }\n      oneTimePassword\n    }\n  }\n": types.CreatePartyContactDocument,
    "\n  mutation UpdatePartyContact($id: ID!, $input: PartyContactInput!) {\n    updatePartyContact(id: $id, input: $input) {\n      ...PartyContactFields\n    }\n  }\n": types.UpdatePartyContactDocument,
    "\n  mutation SetPartyContactFrozen($id: ID!, $frozen: Boolean!) {\n    setPartyContactFrozen(id: $id, frozen: $frozen) {\n      ...PartyContactFields\n    }\n  }\n": types.SetPartyContactFrozenDocument,
    "\n  mutation ResetPartyContactPassword($id: ID!) {\n    resetPartyContactPassword(id: $id)\n  }\n": types.ResetPartyContactPasswordDocument,
    "\n  mutation DeletePartyContact($id: ID!) {\n    deletePartyContact(id: $id)\n  }\n": types.DeletePartyContactDocument,
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
export function graphql(source: "\n  fragment TenantSettingsFields on TenantSettings {\n    lockoutThreshold\n    lockoutMinutes\n    passwordMinLength\n    passwordRequireSymbol\n    forcePasswordChange\n  }\n"): typeof import('./graphql').TenantSettingsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantSettings {\n    tenantSettings {\n      ...TenantSettingsFields\n    }\n  }\n"): typeof import('./graphql').TenantSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTenantSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      ...TenantSettingsFields\n    }\n  }\n"): typeof import('./graphql').UpdateTenantSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminDepartmentFields on DepartmentNode {\n    id\n    name\n    parentId\n    sortOrder\n    memberCount\n    totalMemberCount\n  }\n"): typeof import('./graphql').AdminDepartmentFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminDepartmentTree {\n    departments {\n      ...AdminDepartmentFields\n      children {\n        ...AdminDepartmentFields\n        children {\n          ...AdminDepartmentFields\n          children {\n            ...AdminDepartmentFields\n            children {\n              ...AdminDepartmentFields\n              children {\n                ...AdminDepartmentFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminDepartmentTreeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DepartmentFields on Department {\n    id\n    name\n    parentId\n    sortOrder\n  }\n"): typeof import('./graphql').DepartmentFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDepartment($input: CreateDepartmentInput!) {\n    createDepartment(input: $input) {\n      ...DepartmentFields\n    }\n  }\n"): typeof import('./graphql').CreateDepartmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameDepartment($id: ID!, $name: String!) {\n    renameDepartment(id: $id, name: $name) {\n      ...DepartmentFields\n    }\n  }\n"): typeof import('./graphql').RenameDepartmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveDepartment($id: ID!, $parentId: ID) {\n    moveDepartment(id: $id, parentId: $parentId) {\n      ...DepartmentFields\n    }\n  }\n"): typeof import('./graphql').MoveDepartmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDepartmentSortOrder($id: ID!, $sortOrder: Int!) {\n    setDepartmentSortOrder(id: $id, sortOrder: $sortOrder) {\n      ...DepartmentFields\n    }\n  }\n"): typeof import('./graphql').SetDepartmentSortOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDepartment($id: ID!) {\n    deleteDepartment(id: $id)\n  }\n"): typeof import('./graphql').DeleteDepartmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberFields on EmployeeDetail {\n    id\n    name\n    position\n    login\n    status\n    departments {\n      id\n      isLeader\n      isMain\n    }\n  }\n"): typeof import('./graphql').MemberFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DepartmentMembers($departmentId: ID!, $first: Int) {\n    employees(departmentId: $departmentId, first: $first) {\n      nodes {\n        ...MemberFields\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').DepartmentMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDepartmentLeader($departmentId: ID!, $employeeId: ID!, $leader: Boolean!) {\n    setDepartmentLeader(departmentId: $departmentId, employeeId: $employeeId, leader: $leader) {\n      ...MemberFields\n    }\n  }\n"): typeof import('./graphql').SetDepartmentLeaderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SystemFields on System {\n    code\n    name\n    builtin\n    enabled\n    hasApiKey\n    updatedAt\n  }\n"): typeof import('./graphql').SystemFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SystemRoleFields on SystemRole {\n    id\n    name\n    allowWeChat\n    isDefault\n    systems\n  }\n"): typeof import('./graphql').SystemRoleFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Systems {\n    systems {\n      ...SystemFields\n    }\n    systemRoles {\n      ...SystemRoleFields\n    }\n  }\n"): typeof import('./graphql').SystemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSystemEnabled($code: SystemCode!, $enabled: Boolean!) {\n    setSystemEnabled(code: $code, enabled: $enabled) {\n      ...SystemFields\n    }\n  }\n"): typeof import('./graphql').SetSystemEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddSystem($code: SystemCode!, $name: String!) {\n    addSystem(code: $code, name: $name) {\n      ...SystemFields\n    }\n  }\n"): typeof import('./graphql').AddSystemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveSystem($code: SystemCode!) {\n    removeSystem(code: $code)\n  }\n"): typeof import('./graphql').RemoveSystemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemChoices {\n    systems {\n      code\n      name\n    }\n  }\n"): typeof import('./graphql').SystemChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateSystemApiKey($code: SystemCode!) {\n    rotateSystemApiKey(code: $code)\n  }\n"): typeof import('./graphql').RotateSystemApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSystemRole($input: CreateSystemRoleInput!) {\n    createSystemRole(input: $input) {\n      ...SystemRoleFields\n    }\n  }\n"): typeof import('./graphql').CreateSystemRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSystemRole($id: ID!, $input: UpdateSystemRoleInput!) {\n    updateSystemRole(id: $id, input: $input) {\n      ...SystemRoleFields\n    }\n  }\n"): typeof import('./graphql').UpdateSystemRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolePeople($query: String, $first: Int) {\n    employees(query: $query, first: $first) {\n      nodes {\n        id\n        name\n        login\n        systemRoles {\n          id\n        }\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').RolePeopleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignSystemRoles($employeeId: ID!, $roleIds: [ID!]!) {\n    assignSystemRoles(employeeId: $employeeId, roleIds: $roleIds) {\n      id\n    }\n  }\n"): typeof import('./graphql').AssignSystemRolesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AudienceFields on Audience {\n    all\n    departments {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').AudienceFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublishedNotices($kind: NoticeKind!, $first: Int, $after: String) {\n    publishedNotices(kind: $kind, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          kind\n          title\n          publishedAt\n          recipientCount\n          audience {\n            ...AudienceFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PublishedNoticesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NoticeReadStats($id: ID!) {\n    noticeReadStats(id: $id) {\n      noticeId\n      recipients\n      read\n      unread\n    }\n  }\n"): typeof import('./graphql').NoticeReadStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishNotice($input: PublishNoticeInput!) {\n    publishNotice(input: $input) {\n      id\n      title\n    }\n  }\n"): typeof import('./graphql').PublishNoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublishedSurveys($first: Int, $after: String) {\n    publishedSurveys(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          title\n          state\n          opensAt\n          closesAt\n          publishedAt\n          recipientCount\n          resultsVisibility\n          audience {\n            ...AudienceFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PublishedSurveysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PushProgress($item: PushItem!, $id: ID!) {\n    pushProgress(item: $item, id: $id) {\n      total\n      sent\n      skipped\n      retrying\n      undeliverable\n      queued\n      lastSentAt\n      etaSeconds\n    }\n  }\n"): typeof import('./graphql').PushProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishSurvey($input: PublishSurveyInput!) {\n    publishSurvey(input: $input) {\n      id\n      title\n    }\n  }\n"): typeof import('./graphql').PublishSurveyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminOverview($days: Int) {\n    adminOverview {\n      tenantName\n      tenantSlug\n      staffActive\n      staffTotal\n      staffOnWeCom\n      binding\n      preflight {\n        ok\n        checkedAt\n      }\n    }\n    deliveryDays(days: $days) {\n      date\n      sent\n      skipped\n      failed\n      pending\n    }\n  }\n"): typeof import('./graphql').AdminOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantName {\n    adminOverview {\n      tenantName\n    }\n  }\n"): typeof import('./graphql').TenantNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        actorKind\n        actor\n        source\n        action\n        target\n        changes\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryFields on Delivery {\n    id\n    kind\n    channel\n    route\n    recipient\n    recipientName\n    status\n    error\n    answer\n    attempts\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').DeliveryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Deliveries($filter: DeliveryFilter, $first: Int, $after: String) {\n    deliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...DeliveryFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').DeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n"): typeof import('./graphql').RetryDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PreflightFields on Preflight {\n    ok\n    checkedAt\n    checks {\n      key\n      title\n      ok\n      errcode\n      message\n      advice\n    }\n  }\n"): typeof import('./graphql').PreflightFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WeComBindingFields on WeComBinding {\n    corpId\n    mode\n    contactSecret\n    customerSecret\n    trustedDomain\n    expectedDomain\n    egressIps\n    apps {\n      system\n      agentId\n      secret\n    }\n    receivers {\n      name\n      kind\n      system\n      url\n      token\n      encodingAESKey\n      verifiedAt\n    }\n    preflight {\n      ...PreflightFields\n    }\n  }\n"): typeof import('./graphql').WeComBindingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeComBinding {\n    wecomBinding {\n      ...WeComBindingFields\n    }\n  }\n"): typeof import('./graphql').WeComBindingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveWeComCorp($input: WeComCorpInput!) {\n    saveWeComCorp(input: $input) {\n      ...WeComBindingFields\n    }\n  }\n"): typeof import('./graphql').SaveWeComCorpDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveWeComApp($input: WeComAppInput!) {\n    saveWeComApp(input: $input) {\n      ...WeComBindingFields\n    }\n  }\n"): typeof import('./graphql').SaveWeComAppDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetReceiverKeys($name: String!, $token: String, $encodingAESKey: String) {\n    setReceiverKeys(name: $name, token: $token, encodingAESKey: $encodingAESKey) {\n      ...WeComBindingFields\n    }\n  }\n"): typeof import('./graphql').SetReceiverKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunPreflight {\n    runPreflight {\n      ...PreflightFields\n    }\n  }\n"): typeof import('./graphql').RunPreflightDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ServiceAccountFields on ServiceAccount {\n    appId\n    secret\n    eventUrl\n    token\n    encodingAESKey\n    encryptMode\n    ipWhitelist\n    domain\n    identityColumn\n    allowRegister\n    pushChannel\n    preflight {\n      ...PreflightFields\n    }\n  }\n"): typeof import('./graphql').ServiceAccountFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceAccount {\n    serviceAccount {\n      ...ServiceAccountFields\n    }\n  }\n"): typeof import('./graphql').ServiceAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveServiceAccount($input: ServiceAccountInput!) {\n    saveServiceAccount(input: $input) {\n      ...ServiceAccountFields\n    }\n  }\n"): typeof import('./graphql').SaveServiceAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunServiceAccountPreflight {\n    runServiceAccountPreflight {\n      ...PreflightFields\n    }\n  }\n"): typeof import('./graphql').RunServiceAccountPreflightDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WeComMenuFields on WeComMenu {\n    buttons {\n      name\n      url\n      subButtons {\n        name\n        url\n      }\n    }\n  }\n"): typeof import('./graphql').WeComMenuFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateWeComMenu {\n    generateWeComMenu {\n      ...WeComMenuFields\n    }\n  }\n"): typeof import('./graphql').GenerateWeComMenuDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeComMenu {\n    wecomMenu {\n      ...WeComMenuFields\n    }\n  }\n"): typeof import('./graphql').WeComMenuDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveWeComApp($system: SystemCode!) {\n    removeWeComApp(system: $system) {\n      ...WeComBindingFields\n    }\n  }\n"): typeof import('./graphql').RemoveWeComAppDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeComQRLogin($tenant: String!, $next: String) {\n    wecomQRLogin(tenant: $tenant, next: $next)\n  }\n"): typeof import('./graphql').WeComQrLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExchangeAdminTicket($ticket: String!) {\n    exchangeSsoTicket(ticket: $ticket) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').ExchangeAdminTicketDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WeComEventFields on WeComEvent {\n    id\n    receiver\n    msgType\n    event\n    changeType\n    status\n    reason\n    error\n    attempts\n    replays\n    receivedAt\n    processedAt\n    body\n  }\n"): typeof import('./graphql').WeComEventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeComEvents($filter: WeComEventFilter, $first: Int, $after: String) {\n    wecomEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...WeComEventFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').WeComEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayWeComEvent($id: ID!) {\n    replayWeComEvent(id: $id) {\n      ...WeComEventFields\n    }\n  }\n"): typeof import('./graphql').ReplayWeComEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeComJoinQRCode($size: Int) {\n    wecomJoinQRCode(size: $size)\n  }\n"): typeof import('./graphql').WeComJoinQrCodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PullExternalContacts {\n    pullExternalContacts {\n      members\n      contacts\n      followers\n      notEmployees\n      refused\n      firstRefusal\n    }\n  }\n"): typeof import('./graphql').PullExternalContactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantDomain {\n    tenantHosts\n    verifyFiles {\n      ...VerifyFileFields\n    }\n  }\n"): typeof import('./graphql').TenantDomainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VerifyFileFields on VerifyFile {\n    name\n    content\n    createdAt\n  }\n"): typeof import('./graphql').VerifyFileFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTenantHosts($hosts: [String!]!) {\n    setTenantHosts(hosts: $hosts)\n  }\n"): typeof import('./graphql').SetTenantHostsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveVerifyFile($name: String!, $content: String!) {\n    saveVerifyFile(name: $name, content: $content) {\n      ...VerifyFileFields\n    }\n  }\n"): typeof import('./graphql').SaveVerifyFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteVerifyFile($name: String!) {\n    deleteVerifyFile(name: $name) {\n      ...VerifyFileFields\n    }\n  }\n"): typeof import('./graphql').DeleteVerifyFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BranchFields on Branch {\n    id\n    name\n    employeeCount\n  }\n"): typeof import('./graphql').BranchFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Branches {\n    branches {\n      ...BranchFields\n    }\n  }\n"): typeof import('./graphql').BranchesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBranch($name: String!) {\n    createBranch(name: $name) {\n      ...BranchFields\n    }\n  }\n"): typeof import('./graphql').CreateBranchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameBranch($id: ID!, $name: String!) {\n    renameBranch(id: $id, name: $name) {\n      ...BranchFields\n    }\n  }\n"): typeof import('./graphql').RenameBranchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBranch($id: ID!) {\n    deleteBranch(id: $id)\n  }\n"): typeof import('./graphql').DeleteBranchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StaffFields on EmployeeDetail {\n    id\n    name\n    login\n    admin\n    wecomUserId\n    wecomStatus\n    position\n    mobile\n    email\n    status\n    employeeNo\n    branch {\n      id\n      name\n    }\n    departments {\n      id\n      name\n      isMain\n      isLeader\n    }\n  }\n"): typeof import('./graphql').StaffFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Staff(\n    $query: String\n    $departmentId: ID\n    $withSubDepartments: Boolean\n    $statuses: [EmployeeStatus!]\n    $wecomStatuses: [WeComMemberStatus!]\n    $first: Int\n    $after: String\n  ) {\n    staff(\n      query: $query\n      departmentId: $departmentId\n      withSubDepartments: $withSubDepartments\n      statuses: $statuses\n      wecomStatuses: $wecomStatuses\n      first: $first\n      after: $after\n    ) {\n      nodes {\n        ...StaffFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').StaffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonFields on EmployeeDetail {\n    ...StaffFields\n    mustChangePassword\n    systemRoles {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').PersonFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Person($id: ID!) {\n    employee(id: $id) {\n      ...PersonFields\n    }\n  }\n"): typeof import('./graphql').PersonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEmployee($input: CreateEmployeeInput!) {\n    createEmployee(input: $input) {\n      employee {\n        ...StaffFields\n      }\n      oneTimePassword\n    }\n  }\n"): typeof import('./graphql').CreateEmployeeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEmployee($id: ID!, $input: UpdateEmployeeInput!) {\n    updateEmployee(id: $id, input: $input) {\n      ...PersonFields\n    }\n  }\n"): typeof import('./graphql').UpdateEmployeeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeStaff($ids: [ID!]!, $action: StaffAction!) {\n    changeStaff(ids: $ids, action: $action) {\n      employeeId\n      employee {\n        id\n        status\n      }\n      error\n    }\n  }\n"): typeof import('./graphql').ChangeStaffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetEmployeePassword($id: ID!) {\n    resetEmployeePassword(id: $id)\n  }\n"): typeof import('./graphql').ResetEmployeePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StaffImportFields on StaffImport {\n    id\n    fileName\n    state\n    startedBy\n    createdAt\n    finishedAt\n    total\n    creates\n    updates\n    leaves\n    bad\n    applied\n    failed\n    newDepartments\n    failedRowsUrl\n  }\n"): typeof import('./graphql').StaffImportFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StaffImportRowFields on StaffImportRow {\n    line\n    action\n    name\n    login\n    reasons\n    result\n    error\n  }\n"): typeof import('./graphql').StaffImportRowFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PreviewStaffImport($file: Upload!) {\n    previewStaffImport(file: $file) {\n      ...StaffImportFields\n    }\n  }\n"): typeof import('./graphql').PreviewStaffImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApplyStaffImport($id: ID!) {\n    applyStaffImport(id: $id) {\n      ...StaffImportFields\n    }\n  }\n"): typeof import('./graphql').ApplyStaffImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffImport($id: ID!) {\n    staffImport(id: $id) {\n      ...StaffImportFields\n    }\n  }\n"): typeof import('./graphql').StaffImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffImportRows($id: ID!, $actions: [StaffImportAction!], $failedOnly: Boolean, $first: Int, $after: Int) {\n    staffImport(id: $id) {\n      id\n      rows(actions: $actions, failedOnly: $failedOnly, first: $first, after: $after) {\n        nodes {\n          ...StaffImportRowFields\n        }\n        hasNextPage\n      }\n    }\n  }\n"): typeof import('./graphql').StaffImportRowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffImports($first: Int) {\n    staffImports(first: $first) {\n      ...StaffImportFields\n    }\n  }\n"): typeof import('./graphql').StaffImportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactSyncCountsFields on ContactSyncCounts {\n    departmentCreates\n    departmentUpdates\n    departmentDeletes\n    creates\n    updates\n    disables\n    deletes\n    invalid\n  }\n"): typeof import('./graphql').ContactSyncCountsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactSyncFields on ContactSync {\n    id\n    direction\n    trigger\n    mode\n    state\n    startedBy\n    counts {\n      ...ContactSyncCountsFields\n    }\n    conflicts\n    total\n    done\n    failed\n    apiCalls\n    error\n    createdAt\n    finishedAt\n  }\n"): typeof import('./graphql').ContactSyncFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactSyncPreview {\n    contactSyncPreview {\n      mode\n      blocked\n      wecomMembers\n      replaceDeletes\n      counts {\n        ...ContactSyncCountsFields\n      }\n      unchanged\n      departmentChanges {\n        action\n        name\n      }\n      memberChanges {\n        action\n        name\n        wecomUserId\n        fields\n      }\n      invalid {\n        employeeId\n        name\n        wecomUserId\n        rules\n      }\n      running {\n        ...ContactSyncFields\n      }\n    }\n  }\n"): typeof import('./graphql').ContactSyncPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactSyncs($first: Int) {\n    contactSyncs(first: $first) {\n      ...ContactSyncFields\n    }\n  }\n"): typeof import('./graphql').ContactSyncsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactSync($id: ID!) {\n    contactSync(id: $id) {\n      ...ContactSyncFields\n    }\n  }\n"): typeof import('./graphql').ContactSyncDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactSyncRows($id: ID!, $problemsOnly: Boolean, $first: Int, $after: Int) {\n    contactSync(id: $id) {\n      id\n      rows(problemsOnly: $problemsOnly, first: $first, after: $after) {\n        nodes {\n          seq\n          kind\n          subject\n          ref\n          action\n          result\n          reason\n        }\n        hasNextPage\n      }\n    }\n  }\n"): typeof import('./graphql').ContactSyncRowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartContactSync($confirmReplace: Boolean) {\n    startContactSync(confirmReplace: $confirmReplace) {\n      ...ContactSyncFields\n    }\n  }\n"): typeof import('./graphql').StartContactSyncDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PullContactsFromWeCom {\n    pullContactsFromWeCom {\n      ...ContactSyncFields\n    }\n  }\n"): typeof import('./graphql').PullContactsFromWeComDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactSyncSettingsFields on ContactSyncSettings {\n    scheduleEnabled\n    times\n    timeZone\n    wecomOwnedFields\n    nextRunAt\n  }\n"): typeof import('./graphql').ContactSyncSettingsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactSyncSettings {\n    contactSyncSettings {\n      ...ContactSyncSettingsFields\n    }\n  }\n"): typeof import('./graphql').ContactSyncSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveContactSyncSettings($input: ContactSyncSettingsInput!) {\n    saveContactSyncSettings(input: $input) {\n      ...ContactSyncSettingsFields\n    }\n  }\n"): typeof import('./graphql').SaveContactSyncSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceAccountTemplates {\n    serviceAccountTemplates {\n      id\n      title\n      keywords {\n        key\n        label\n        limit\n      }\n    }\n  }\n"): typeof import('./graphql').ServiceAccountTemplatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageKindFields on MessageKind {\n    kind\n    name\n    templateId\n    fields {\n      key\n      fact\n    }\n    updatedAt\n  }\n"): typeof import('./graphql').MessageKindFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageKinds {\n    messageKinds {\n      ...MessageKindFields\n    }\n    messageFacts {\n      fact\n      label\n    }\n  }\n"): typeof import('./graphql').MessageKindsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplatePreview($kind: String!, $templateId: String!, $fields: [TemplateFieldInput!]!) {\n    templatePreview(kind: $kind, templateId: $templateId, fields: $fields) {\n      title\n      lines {\n        key\n        label\n        value\n      }\n      opens\n    }\n  }\n"): typeof import('./graphql').TemplatePreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MapMessageTemplate($kind: String!, $templateId: String, $fields: [TemplateFieldInput!]) {\n    mapMessageTemplate(kind: $kind, templateId: $templateId, fields: $fields) {\n      ...MessageKindFields\n    }\n  }\n"): typeof import('./graphql').MapMessageTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceAccountMenu {\n    serviceAccountMenu {\n      ...WeComMenuFields\n    }\n  }\n"): typeof import('./graphql').ServiceAccountMenuDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateServiceAccountMenu {\n    generateServiceAccountMenu {\n      ...WeComMenuFields\n    }\n  }\n"): typeof import('./graphql').GenerateServiceAccountMenuDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WechatBindings($first: Int, $after: String, $query: String) {\n    wechatBindings(first: $first, after: $after, query: $query) {\n      nodes {\n        id\n        employee {\n          id\n          name\n        }\n        contact {\n          id\n          login\n          name\n          company\n          party\n        }\n        openId\n        subscribed\n        boundAt\n        lastSeenAt\n      }\n      next\n    }\n  }\n"): typeof import('./graphql').WechatBindingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndWechatBinding($id: ID!) {\n    endWechatBinding(id: $id)\n  }\n"): typeof import('./graphql').EndWechatBindingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RegistrationFields on Registration {\n    id\n    name\n    departmentPath\n    departmentId\n    position\n    login\n    mobile\n    email\n    note\n    status\n    reason\n    decidedBy\n    decidedAt\n    employee {\n      id\n      name\n    }\n    party\n    company\n    contact {\n      name\n      login\n    }\n    createdAt\n  }\n"): typeof import('./graphql').RegistrationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Registrations($status: RegistrationStatus, $first: Int, $after: String) {\n    registrations(status: $status, first: $first, after: $after) {\n      nodes {\n        ...RegistrationFields\n      }\n      next\n    }\n  }\n"): typeof import('./graphql').RegistrationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingRegistrations($first: Int) {\n    registrations(status: PENDING, first: $first) {\n      nodes {\n        id\n      }\n      next\n    }\n    serviceAccount {\n      allowRegister\n    }\n  }\n"): typeof import('./graphql').PendingRegistrationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideRegistration($id: ID!, $approve: Boolean!, $reason: String) {\n    decideRegistration(id: $id, approve: $approve, reason: $reason) {\n      registration {\n        ...RegistrationFields\n      }\n      syncStarted\n    }\n  }\n"): typeof import('./graphql').DecideRegistrationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteToWeCom($employeeIds: [ID!]) {\n    inviteToWeCom(employeeIds: $employeeIds) {\n      invited {\n        id\n        name\n      }\n      refused {\n        id\n        name\n      }\n      skipped {\n        employee {\n          id\n          name\n        }\n        reason\n      }\n    }\n  }\n"): typeof import('./graphql').InviteToWeComDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PartyContactFields on PartyContact {\n    id\n    login\n    party\n    company\n    name\n    mobile\n    status\n    source\n    wechatBound\n    wechatSubscribed\n    createdAt\n  }\n"): typeof import('./graphql').PartyContactFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartyContacts($filter: PartyContactFilter, $first: Int, $after: String) {\n    partyContacts(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...PartyContactFields\n      }\n      next\n    }\n  }\n"): typeof import('./graphql').PartyContactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePartyContact($input: NewPartyContact!) {\n    createPartyContact(input: $input) {\n      contact {\n        ...PartyContactFields\n      }\n      oneTimePassword\n    }\n  }\n"): typeof import('./graphql').CreatePartyContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePartyContact($id: ID!, $input: PartyContactInput!) {\n    updatePartyContact(id: $id, input: $input) {\n      ...PartyContactFields\n    }\n  }\n"): typeof import('./graphql').UpdatePartyContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPartyContactFrozen($id: ID!, $frozen: Boolean!) {\n    setPartyContactFrozen(id: $id, frozen: $frozen) {\n      ...PartyContactFields\n    }\n  }\n"): typeof import('./graphql').SetPartyContactFrozenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPartyContactPassword($id: ID!) {\n    resetPartyContactPassword(id: $id)\n  }\n"): typeof import('./graphql').ResetPartyContactPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePartyContact($id: ID!) {\n    deletePartyContact(id: $id)\n  }\n"): typeof import('./graphql').DeletePartyContactDocument;
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
