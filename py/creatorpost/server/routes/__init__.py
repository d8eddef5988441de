"""HTTP handlers, one module per resource; each holds a `router` that `creatorpost.server.app` mounts."""
