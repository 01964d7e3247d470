// A survey's results, read by the phone page of a survey (its publisher and, as its visibility allows, its
// voters) and by the portal's 调查 screen. `@/gql` is the importing app's generated folder (see session-documents.ts).
import { graphql } from '@/gql'

export const SurveyResultsDocument = graphql(`
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
`)
