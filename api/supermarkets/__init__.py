"""GraphQL of the poverty-relief supermarkets: goods, stock, redemptions, returns."""
