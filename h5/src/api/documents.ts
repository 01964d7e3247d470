// Every GraphQL operation the H5 sends. `npm run codegen` turns each into a typed document in src/gql/.
import { graphql } from '@/gql'

export const SessionFields = graphql(`
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
`)

export const LoginDocument = graphql(`
  mutation Login($tenant: String!, $login: String!, $password: String!) {
    login(tenant: $tenant, login: $login, password: $password) {
      ...SessionFields
    }
  }
`)

export const RefreshSessionDocument = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...SessionFields
    }
  }
`)

export const ExchangeSsoTicketDocument = graphql(`
  mutation ExchangeSsoTicket($ticket: String!) {
    exchangeSsoTicket(ticket: $ticket) {
      ...SessionFields
    }
  }
`)

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {
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
`)

export const BoxCountsDocument = graphql(`
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
`)

export const CollabItemsDocument = graphql(`
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

export const HandleCollabItemDocument = graphql(`
  mutation HandleCollabItem($id: ID!, $action: ItemAction!, $opinion: String) {
    handleCollabItem(id: $id, action: $action, opinion: $opinion) {
      ...ItemDetailFields
    }
  }
`)
