// The graphql-http package's server audit against a running grassroots: prints every error and
// warning and a summary line; exits 1 when there is any error or warning.
// Usage: npm install && node audit.mjs [http://127.0.0.1:8000/graphql]
import { auditServer } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:8000/graphql';
const results = await auditServer({ url });
let errors = 0;
let warnings = 0;
for (const result of results) {
  if (result.status === 'error') { errors++; console.log('ERROR', result.name, result.reason); }
  if (result.status === 'warn') { warnings++; console.log('WARN', result.name, result.reason); }
}
console.log(`${results.length} audits, ${errors} errors, ${warnings} warnings`);
process.exit(errors + warnings === 0 ? 0 : 1);
