"""Review of queued posts: the worker that claims and decides them, and the moderation checks."""
