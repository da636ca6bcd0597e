/** Which links a document may hold: the policy lives with the content schema in `@trepart/shared`. */
export { isAllowedLink, linkFromInput } from '@trepart/shared/link-policy'
