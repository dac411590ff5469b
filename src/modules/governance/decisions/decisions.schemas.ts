import { z } from 'zod'
import { requiredText } from '../../../web/forms'

export const decisionForm = z.object({
  topic: requiredText('Enter a short name for the decision, like “Fraud removed from the priorities”', 200),
  wording: requiredText('Enter the decision as the minutes word it', 4000),
})
export type DecisionInput = z.output<typeof decisionForm>
