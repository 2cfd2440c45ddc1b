// Public surface of the knowledge base (issue 16 §4, HD-7): information sheets for operators, versioned,
// searched in Italian with PostgreSQL's full-text search, with "was this useful" answers.
export { knowledgeRoutes } from './knowledge.routes.ts';
