"""HTTP plumbing shared by the blueprints: access decorators, forms, rendering, request hooks, sessions."""
