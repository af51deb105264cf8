"""Comprehensive governance centers (综治中心) at county, township and village level, with staff."""
