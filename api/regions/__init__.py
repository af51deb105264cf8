"""Regions in GraphQL: county → township → village/community → grid."""
