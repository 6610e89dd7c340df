"""Terms of reference and constitutions: versions, drafts, approval, differences."""
