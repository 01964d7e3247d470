// The sign-in operations both web apps send (h5/ and portal/): password login, refresh, password change, with
// the session they return. Each app's codegen reads this file too (shared-web/codegen.ts), and `@/gql` is the
// importing app's own generated folder, so each gets the documents typed against its own src/gql/.
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
`)

export const LoginDocument = graphql(`
  mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {
    login(tenant: $tenant, login: $login, password: $password, bindTicket: $bindTicket) {
      ...SessionFields
    }
  }
`)

export const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String) {
    logout(refreshToken: $refreshToken)
  }
`)

export const RefreshSessionDocument = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
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
