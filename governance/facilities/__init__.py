"""Service facilities, appointed service posts (一村一警, legal advisers…) and insurance cover."""
