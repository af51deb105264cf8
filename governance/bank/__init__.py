"""The morality bank (道德银行): schemes and their rules, awards reviewed and publicly announced
(公示) before they post, objections, periodic clearing — all amounts in the ledger.

Ledger accounts (codes in ``governance.bank.accounts``): per holder (a household or a person,
as the scheme says) a POINTS wallet that never goes negative; per scheme an issuing pool (its
debit balance is what the scheme has issued) and an expiry account for cleared points. An
announced award is a PENDING transfer pool → wallet; at the deadline it posts, or voids when an
objection was upheld. A deduction is the same in the other direction.
"""
