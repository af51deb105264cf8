"""GraphQL of the morality bank: schemes, rules, awards, announcements, balances."""
