"""Poverty-relief love supermarkets (爱心超市): goods priced in points, stock held in the
ledger, donations disclosed, redemptions and returns.

Ledger accounts per supermarket: a POINTS till (credited by redemptions). Per goods (goods
belong to one supermarket, so a goods id names a shelf): the shelf (``STOCK:<goods id>``,
never negative), a receiving account (its debit balance is all stock ever received) and an
issued account (all stock handed out). Stock handed to households is tracked per goods, not per
household: one account per household and goods would multiply accounts by thousands for
nothing the receipts do not already tell.
"""
